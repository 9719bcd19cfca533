"""The log entry of a change the API refused for its input: one mixin for every app's viewsets.

Who may is not decided here: the gate of each endpoint is a named permission
(``eendak.api.permissions.requires``), the same name the screens ask; without it ``NotPermitted`` is
raised, which the problem handler logs under the permission's name and answers with the 404 of
something that does not exist. A change refused for its *input* (bad input, or a rule of the data or
the workflow: a 400) is logged by this mixin, as failed, naming the record it was aimed at but no
persons: nothing of them was shown or changed. The event is the viewset's own (``refused_event``, a
member of its app's catalogue), so the shared layer names no app.
"""

from rest_framework import exceptions

from eendak.audit import services as audit
from eendak.audit.models import Action, Outcome
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def _fields(exc) -> list[str]:
    if isinstance(exc, RuleViolation):
        return [exc.field or "nonFieldErrors"]
    detail = getattr(exc, "detail", None)
    return sorted(str(key) for key in detail) if isinstance(detail, dict) else ["nonFieldErrors"]


class LogRefusedChanges:
    """Mixin for viewsets: log a refused change (400) as a failed attempt on its target.

    ``refused_event`` names the entry (the intake's ``report.change_refused``, the persons'
    ``person.merge_refused``, ...); the view sets ``self.target`` to the record it looked up (a
    report, an advice request, a merge) before validating, so the entry points at it.
    """

    refused_event = ""
    target = None

    def handle_exception(self, exc):
        refused = isinstance(exc, (exceptions.ValidationError, RuleViolation))
        if refused and self.refused_event and self.request.method in UNSAFE:
            audit.log_access(
                Actor.from_request(self.request), event=self.refused_event,
                action=Action.CREATE if self.target is None else Action.UPDATE, obj=self.target,
                outcome=Outcome.FAILED,
                detail=f"{self.action}: {', '.join(_fields(exc))}"[:255])
        return super().handle_exception(exc)
