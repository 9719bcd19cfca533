"""The states of a destruction request and the one table of allowed transitions.

received --propose--> proposed --approve (destroy)--> destroyed
                               --approve (refuse)---> refused
                               --send back----------> received
Both ends are final: a destroyed file cannot come back, a refusal is a decision with its grounds
(a new request starts over).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eendak.core.exceptions import RuleViolation


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Ontvangen")
    PROPOSED = "proposed", _("Voorstel wacht op tweede beoordelaar")
    DESTROYED = "destroyed", _("Vernietigd")
    REFUSED = "refused", _("Geweigerd")


OPEN = (RequestStatus.RECEIVED, RequestStatus.PROPOSED)

TRANSITIONS: dict[str, set[str]] = {
    RequestStatus.RECEIVED: {RequestStatus.PROPOSED},
    RequestStatus.PROPOSED: {RequestStatus.DESTROYED, RequestStatus.REFUSED,
                             RequestStatus.RECEIVED},
    RequestStatus.DESTROYED: set(),
    RequestStatus.REFUSED: set(),
}


def can_move(current: str, to: str) -> bool:
    return to in TRANSITIONS.get(current, set())


def move(request, to: str) -> None:
    """Set the new status or refuse with a Dutch message naming both states."""
    if not can_move(request.status, to):
        raise RuleViolation(
            f"Een verzoek met status '{RequestStatus(request.status).label}' kan niet naar "
            f"'{RequestStatus(to).label}'.")
    request.status = to
