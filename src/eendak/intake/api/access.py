"""Who may use the intake API, and the log entries for those who may not or whose input is refused.

The same rule as the intake screens (``intake.views.intake_view``): without the permission the
answer is the 404 of something that does not exist, and the attempt is logged as denied. A change
that is refused (bad input, or a rule of the workflow) is logged too, as failed, naming the record
it was aimed at but no persons: nothing of them was shown or changed.
"""

from rest_framework import exceptions, permissions

from eendak.audit import services as audit
from eendak.audit.models import Action, Outcome
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


class LoggedPerm(permissions.BasePermission):
    perm = ""
    event = ""

    def has_permission(self, request, view):
        if request.user.has_perm(self.perm):
            return True
        audit.log_access(Actor.from_request(request), event=self.event, action=Action.READ,
                         outcome=Outcome.DENIED, detail=f"geen recht {self.perm}")
        raise exceptions.NotFound()


def requires(perm: str, event: str) -> type[LoggedPerm]:
    """``requires("intake.work_on_reports", "report.read")``: a 404 and a denied entry otherwise."""
    return type(f"Requires_{perm.replace('.', '_')}", (LoggedPerm,), {"perm": perm, "event": event})


def _fields(exc) -> list[str]:
    if isinstance(exc, RuleViolation):
        return [exc.field or "nonFieldErrors"]
    detail = getattr(exc, "detail", None)
    return sorted(str(key) for key in detail) if isinstance(detail, dict) else ["nonFieldErrors"]


class LogRefusedChanges:
    """Mixin for viewsets: log a refused change (400) as a failed attempt on its target.

    ``refused_event`` names the entry; the view sets ``self.target`` to the record it looked up
    (a report, an advice request, a merge) before validating, so the entry points at it.
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
