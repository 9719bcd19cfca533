"""The Veiligheidsteam's states and their allowed next states: one table each, one place.

A referral starts with Veilig Thuis (``REFERRED``) or with a partner that asks Veilig Thuis to refer
(``REQUESTED``, then Veilig Thuis decides: ``REFERRED`` or ``NOT_REFERRED``). The weekly triage
decides on a referred household: accepted, not accepted, or not yet (it stays on the triage list and
comes back next week). An accepted household stays with the team until it is handed back at stable
safety. Services change a state only through ``cases.workflow.move`` over these tables.

The week's triage day and the deadline for this week's agenda are settings
(``EENDAK_SAFETY_TEAM_TRIAGE_WEEKDAY``, ``EENDAK_SAFETY_TEAM_TRIAGE_DEADLINE_DAYS``/``_HOUR``), so
the region decides them, not the code.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReferralStatus(models.TextChoices):
    REQUESTED = "requested", _("Gevraagd aan Veilig Thuis")
    NOT_REFERRED = "not_referred", _("Niet aangemeld door Veilig Thuis")
    REFERRED = "referred", _("Aangemeld, wacht op triage")
    ACCEPTED = "accepted", _("Geaccepteerd door het Veiligheidsteam")
    NOT_ACCEPTED = "not_accepted", _("Niet geaccepteerd")
    HANDED_BACK = "handed_back", _("Teruggegeven bij stabiele veiligheid")


class TriageOutcome(models.TextChoices):
    ACCEPT = "accept", _("Accepteren")
    NOT_ACCEPT = "not_accept", _("Niet accepteren")
    NOT_YET = "not_yet", _("Nog niet (volgende triage)")


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    HELD = "held", _("Gehouden")
    CANCELLED = "cancelled", _("Geannuleerd")


class InvitationKind(models.TextChoices):
    FIXED = "fixed", _("Vaste deelnemer")
    CONSULTING = "consulting", _("Consulterende partner (alleen voor dit huishouden)")


class Informed(models.TextChoices):
    NOT_YET = "not_yet", _("Nog niet geïnformeerd")
    INFORMED = "informed", _("Geïnformeerd")
    UNSAFE = "unsafe", _("Niet geïnformeerd: informeren is nu onveilig")


class MeasureStatus(models.TextChoices):
    RUNNING = "running", _("Loopt")
    ENDED = "ended", _("Beëindigd")


R, C = ReferralStatus, ConferenceStatus

REFERRAL: dict[str, frozenset[str]] = {
    R.REQUESTED: frozenset({R.REFERRED, R.NOT_REFERRED}),
    R.NOT_REFERRED: frozenset(),
    # "Not yet" keeps the referral on the triage list (a decision, not a move).
    R.REFERRED: frozenset({R.ACCEPTED, R.NOT_ACCEPTED}),
    R.NOT_ACCEPTED: frozenset(),
    R.ACCEPTED: frozenset({R.HANDED_BACK}),
    R.HANDED_BACK: frozenset(),
}
# Statuses in which a household is with the team (or waiting for it): one at a time per case.
ACTIVE_REFERRAL_STATUSES = (R.REQUESTED, R.REFERRED, R.ACCEPTED)

CONFERENCE: dict[str, frozenset[str]] = {
    C.PLANNED: frozenset({C.HELD, C.CANCELLED}),
    C.HELD: frozenset(),
    C.CANCELLED: frozenset(),
}

# A measure runs until its source ends it (an end date passing is no decision).
MEASURE: dict[str, frozenset[str]] = {
    MeasureStatus.RUNNING: frozenset({MeasureStatus.ENDED}),
    MeasureStatus.ENDED: frozenset(),
}

TABLES = {
    "referral": (REFERRAL, ReferralStatus),
    "conference": (CONFERENCE, ConferenceStatus),
    "measure": (MEASURE, MeasureStatus),
}


# --- The weekly triage ----------------------------------------------------------------------------


def triage_day_of_week(day: date) -> date:
    """The triage day in the (Monday-starting) week of ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday + timedelta(days=settings.EENDAK_SAFETY_TEAM_TRIAGE_WEEKDAY)


def triage_deadline(triage_on: date) -> datetime:
    """Referrals in before this moment go on the agenda of ``triage_on``."""
    day = triage_on - timedelta(days=settings.EENDAK_SAFETY_TEAM_TRIAGE_DEADLINE_DAYS)
    naive = datetime.combine(day, datetime.min.time()).replace(
        hour=settings.EENDAK_SAFETY_TEAM_TRIAGE_DEADLINE_HOUR)
    return timezone.make_aware(naive)


def triage_date_for(moment: datetime) -> date:
    """The triage a referral made at ``moment`` goes to: this week's if it is in before the
    deadline, otherwise next week's."""
    local = timezone.localtime(moment)
    triage_on = triage_day_of_week(local.date())
    while moment >= triage_deadline(triage_on):
        triage_on += timedelta(days=7)
    return triage_on


def coming_triage(today: date) -> date:
    """The triage the team holds this week — today, or the coming one once this week's is past. The
    list the team meets over (a referral in after the deadline waits for the next one)."""
    triage_on = triage_day_of_week(today)
    return triage_on if triage_on >= today else triage_on + timedelta(days=7)


def week_asked(value: str) -> date:
    """The triage day of the week a person asked for (``YYYY-MM-DD``); ``ValueError`` for what is no
    date or lies outside the years a triage can be held in."""
    day = date.fromisoformat(value)
    if not 2000 <= day.year <= 2999:
        raise ValueError(value)
    return triage_day_of_week(day)


def next_triage_after(day: date) -> date:
    """The first triage after ``day`` (a "not yet" goes there)."""
    triage_on = triage_day_of_week(day)
    while triage_on <= day:
        triage_on += timedelta(days=7)
    return triage_on
