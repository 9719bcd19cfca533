"""The two ways a request can be refused, shared by every app.

``RuleViolation`` is a broken business rule about the *data* (a date in the future, a closed case, a
second open handover): the user may fix the input, so it is shown at its field (a 400 in the API).

``NotPermitted`` is a refusal about *who* asks (``eendak.core.permissions.require``): the acting
organisation has no such right on this object. It is never explained, because an explanation would
reveal that the object exists: the screens and the API answer it as a 404, and the boundary that
catches it writes the refusal to the access log (``eendak.audit.services.log_refusal``).
"""


class RuleViolation(Exception):
    """A request that breaks a business rule. The message is Dutch and shown to the user as is."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class StateConflict(RuleViolation):
    """A well-formed request that the *state* of the thing refuses: a handover accepted twice, a step
    on a closed case, a plan version agreed already, a report decided already. No input of the
    request can fix it — only looking again at what changed. The screens show it like any rule; the
    API answers 409 with its own problem type (``state_conflict``), not 400 "velden ongeldig"."""

    status_code = 409
    code = "state_conflict"


class NotPermitted(Exception):
    """The named permission refused this actor on this object (see ``core.permissions.require``)."""

    def __init__(self, permission: str, obj=None, kind: str = "read"):
        super().__init__(permission)
        self.permission = permission
        self.obj = obj
        self.kind = kind  # "read" or "change": what the refused request tried to do
