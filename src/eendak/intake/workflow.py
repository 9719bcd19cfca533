"""The states of a report and the allowed next states: one table, one place (after Signalen)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Ontvangen – veiligheidsbeoordeling nodig")
    ASSESSED = "assessed", _("Beoordeeld – besluit over vervolg nodig")
    DECIDED = "decided", _("Besluit genomen")
    CLOSED = "closed", _("Afgesloten")


S = ReportStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.ASSESSED}),
    S.ASSESSED: frozenset({S.DECIDED}),
    S.DECIDED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
}

# A report still "with Veilig Thuis" for the CBS classification of a later report.
OPEN_STATES = frozenset({S.RECEIVED, S.ASSESSED, S.DECIDED})


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS[ReportStatus(current)]


class DecisionKind(models.TextChoices):
    HANDOVER = "handover", _("Overdracht")
    CONDITIONS = "conditions", _("Voorwaarden en vervolg")
    INVESTIGATION = "investigation", _("Onderzoek")
    RVDK_REQUEST = "rvdk_request", _("Verzoek tot onderzoek aan de Raad voor de Kinderbescherming")
    END = "end", _("Einde bemoeienis")


class HandoverTarget(models.TextChoices):
    LOCAL_TEAM = "local_team", _("Lokaal team")
    EXISTING_HELP = "existing_help", _("Hulpverlening die al betrokken is")
    MULTIDISCIPLINARY = "multidisciplinary", _("Multidisciplinair team")
    FAMILY = "family", _("Het gezin zelf")


# Decisions after which Veilig Thuis runs its own service and the local team joins at once
# ("verbindend samenwerken").
SERVICES = frozenset({DecisionKind.CONDITIONS, DecisionKind.INVESTIGATION})
