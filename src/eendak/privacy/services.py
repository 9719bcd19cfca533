"""Decisions about access to a file: break the glass and its review afterwards; and starting the
access-log export.

Writing the access log itself is ``eendak.audit.services`` (the bottom layer, which every app may
call); deciding whether someone may open a file they have no part in needs the roles, the persons
and the rules, so it lives here, above them.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from eendak.audit import services as audit
from eendak.audit.models import AccessLogEntry, Action, EmergencyAccess, Outcome
from eendak.core import jobs
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import allowed, require
from eendak.persons.models import HouseholdMember

from . import tasks
from .events import Event
from .models import EmergencyReview, ReviewOutcome

MIN_EMERGENCY_REASON = 20


def grant_emergency_access(actor: Actor, user, household, *, reason: str, password: str):
    """Open a file the user has no part in, for a limited time, with a reason and the password again.

    Refusals are logged too: a failed attempt at emergency access is itself worth reviewing.
    """
    reason = (reason or "").strip()
    persons = list(household.persons.all())
    if not allowed(user, "persons.break_glass", household):
        audit.log_access(actor, event=Event.EMERGENCY_ACCESS_REFUSED, action=Action.CREATE,
                         obj=household, outcome=Outcome.DENIED,
                         detail="rol staat noodtoegang niet toe of al deelnemer")
        raise RuleViolation("Noodtoegang is voor uw rol niet mogelijk, of u neemt al deel aan dit "
                            "dossier.")
    if len(reason) < MIN_EMERGENCY_REASON:
        raise RuleViolation(
            f"Beschrijf de reden in minstens {MIN_EMERGENCY_REASON} tekens: waarom is toegang nu "
            f"nodig en kan het niet via de deelnemende organisaties?", field="reason")
    if not user.check_password(password or ""):
        audit.log_access(actor, event=Event.EMERGENCY_ACCESS_REFUSED, action=Action.CREATE,
                         obj=household, outcome=Outcome.DENIED, detail="wachtwoord onjuist")
        raise RuleViolation("Het wachtwoord klopt niet.", field="password")
    now = timezone.now()
    with audit.atomic():
        grant = EmergencyAccess.objects.create(
            user=user, membership=actor.membership, household=household, reason=reason,
            granted_at=now, expires_at=now + timedelta(hours=settings.EENDAK_EMERGENCY_ACCESS_HOURS),
        )
        audit.log_access(actor, event=Event.EMERGENCY_ACCESS_GRANTED, action=Action.CREATE,
                         obj=household, persons=persons, emergency=True, reason=reason)
    return grant


MIN_REVIEW_NOTE = 10


def review_emergency_grant(actor: Actor, grant, outcome: str, note: str) -> EmergencyReview:
    """Judge a break-the-glass grant afterwards: justified or not, with a note. Once, and final.

    For the privacy officer or log administrator of the organisation on whose behalf the glass was
    broken (``privacy.review_emergency_access``): another organisation's grant is refused as if it
    did not exist, and logged. Nobody judges their own grant. The review and its access-log entry
    (naming the household's persons, whose file was opened) are written in one transaction; a
    second review of the same grant is refused, also when two arrive at once (the grant's row is
    locked, and the one-to-one key is the last word).
    """
    require(actor, "privacy.review_emergency_access", grant)
    note = (note or "").strip()
    if grant.user_id == actor.user.pk:
        raise RuleViolation("U kunt uw eigen noodtoegang niet beoordelen; dat doet een collega.")
    if outcome not in ReviewOutcome.values:
        raise RuleViolation("Kies of de noodtoegang gerechtvaardigd was of niet.", field="outcome")
    if len(note) < MIN_REVIEW_NOTE:
        message = ("Licht toe waarom de noodtoegang niet gerechtvaardigd was (minstens "
                   f"{MIN_REVIEW_NOTE} tekens)." if outcome == ReviewOutcome.NOT_JUSTIFIED else
                   f"Schrijf een toelichting van minstens {MIN_REVIEW_NOTE} tekens.")
        raise RuleViolation(message, field="note")
    persons = HouseholdMember.objects.filter(household_id=grant.household_id).values_list(
        "person_id", flat=True)
    with audit.atomic():
        # The grant is locked, so two reviewers at once cannot both pass this check.
        EmergencyAccess.objects.select_for_update().filter(pk=grant.pk).first()
        if EmergencyReview.objects.filter(grant_id=grant.pk).exists():
            raise RuleViolation("Deze noodtoegang is al beoordeeld; een beoordeling is definitief.")
        review = EmergencyReview.objects.create(
            grant=grant, outcome=outcome, note=note, reviewer=actor.user,
            reviewer_membership=actor.membership, reviewed_at=timezone.now())
        audit.log_access(actor, event=Event.EMERGENCY_ACCESS_REVIEWED, action=Action.CREATE,
                         obj=grant, persons=list(persons),
                         detail=f"oordeel: {outcome}")
    return review


def start_access_log_export(actor: Actor, criteria, *, back_url: str = ""):
    """Start the CSV export of every entry matching ``criteria`` as long work (``privacy.tasks``).

    Logged as an export at once, with the filter as detail, in the same transaction as the job: a
    committed export always has its entry. The download is logged again (``core.job_views``). The
    export covers the log up to its last entry now; what is appended while it runs is not in it.
    """
    require(actor, "privacy.export_access_log")
    persons = [criteria.person_id] if criteria.person_id else []
    description = criteria.describe() or "alle regels"
    with audit.atomic():
        upto = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        job = jobs.start(actor, tasks.ACCESS_LOG_EXPORT,
                         params={"filter": tasks.filter_to_params(criteria), "upto": upto},
                         description=description, persons=persons, back_url=back_url)
        audit.log_access(actor, event=Event.ACCESS_LOG_EXPORT, action=Action.EXPORT, obj=job,
                         persons=persons, detail=description)
    return job
