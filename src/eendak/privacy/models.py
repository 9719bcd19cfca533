"""No models of its own: the access log and the emergency-access grants are ``eendak.audit``'s
(``AccessLogEntry``, ``AccessLogSubject``, ``EmergencyAccess``). They stay there so that the log's
tables and migrations never move, and so that ``persons`` can read a grant without importing the
screens built on top of it."""
