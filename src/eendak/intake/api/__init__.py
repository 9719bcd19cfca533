"""The intake's REST API under /api/v1/: reports, advice requests, finding who is known and the
instrument registry. Views stay thin: every rule and state change is in ``intake.services`` and
``persons.registry``; this package translates JSON (camelCase) to their dataclasses and back.
(Merging two records of one person is the persons app's own: ``persons.api``.)"""
