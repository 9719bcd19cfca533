"""The intake at Veilig Thuis: from advice request or report, through the safety assessment, to the
decision on follow-up — and the local team brought in at once when a service starts.

Every state change goes through one function here, which first asks its named permission
(``require(actor, "intake.…", obj)``, declared in ``intake.permissions``; a refusal is the caller's
404), then checks the workflow table (``intake.workflow``), writes the access-log entry (its name
from ``intake.events``) and, where the change concerns the household's file, the case participation
— all in one transaction. The public web form is the one caller without a user: it goes through
``register_web_report`` and ``register_web_advice`` (see ``intake.permissions`` for why).
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.cases import services as case_services
from eendak.cases.models import Case, CaseStatus
from eendak.core.actors import Actor
from eendak.core.dates import require_plausible
from eendak.core.exceptions import RuleViolation, StateConflict
from eendak.core.models import Organisation
from eendak.core.permissions import require
from eendak.core.references import next_reference
from eendak.core.roles import OrganisationType, Role
from eendak.core.workdays import add_working_days
from eendak.notifications import calendar
from eendak.notifications import services as notifications
from eendak.notifications.models import Kind as NoticeKind
from eendak.persons import registry
from eendak.persons.models import HouseholdMember, Person

from . import instruments
from .categories import AssessmentOutcome, PriorInvolvement, ViolenceType
from .events import Event
from .models import (
    AdviceFollowUp,
    AdviceRequest,
    Channel,
    Decision,
    FeedbackMoment,
    FeedbackTask,
    InformingTask,
    InstrumentResult,
    Investigation,
    InvestigationFinding,
    JointConversation,
    Report,
    Reporter,
    ReportPerson,
    SafetyAssessment,
    Triage,
)
from .workflow import OPEN_STATES, SERVICES, DecisionKind, ReportStatus, can_move

# --- Deadlines ----------------------------------------------------------------------------------


def assessment_due_at(received_at: datetime, is_acute: bool) -> datetime:
    """Acute: within 24 hours. Otherwise the end of the 5th working day after receipt."""
    if is_acute:
        return received_at + timedelta(hours=settings.EENDAK_ACUTE_ASSESSMENT_HOURS)
    local_day = timezone.localtime(received_at).date()
    due_day = add_working_days(local_day, settings.EENDAK_ASSESSMENT_WORKING_DAYS)
    return timezone.make_aware(datetime.combine(due_day, time(23, 59, 59)))


def _require_public_entry(actor: Actor) -> None:
    """The web form's actor only (``Actor.public``): no user, no membership, received by Veilig
    Thuis. Anyone else goes through the permission-checked functions; passing a signed-in actor
    here would step around its permission, so that is a programming error, not a refusal."""
    organisation = actor.organisation
    if (actor.user is not None or actor.membership is not None or organisation is None
            or organisation.type != OrganisationType.VEILIG_THUIS):
        raise ValueError("register_web_report/register_web_advice take the public entry's actor "
                         "(Actor.public for a Veilig Thuis) only")


def _move(report: Report, target: str) -> None:
    """Every change of a report's status goes through the one table (``workflow.TRANSITIONS``)."""
    if not can_move(report.status, target):
        raise StateConflict(
            f"Deze melding heeft de status ‘{report.get_status_display()}’; die stap kan nu niet."
        )
    report.status = target


def _validate_violence_types(values) -> list[str]:
    values = list(dict.fromkeys(values or []))
    unknown = [v for v in values if v not in ViolenceType.values]
    if unknown:
        raise RuleViolation(f"Onbekende soort geweld: {', '.join(unknown)}.", field="violence_types")
    if not values:
        raise RuleViolation("Kies ten minste één soort geweld (of ‘Onbekend’).",
                            field="violence_types")
    return values


# --- Classification of prior involvement (CBS 85361NED) -----------------------------------------


def classify_prior_involvement(persons: list[Person], *, received_at: datetime,
                               exclude_report_id=None) -> str:
    """First report, re-report or follow-up report, from what is known about these persons.

    - nobody known to Veilig Thuis in the look-back period: 1e melding;
    - someone known while Veilig Thuis is still involved: a follow-up report — during the safety
      assessment, after it (a service is running), or during monitoring (conditions were set and the
      case is open);
    - someone known but Veilig Thuis no longer involved: hermelding.
    A report with no identified person is "niet ingedeeld".
    """
    if not persons:
        return PriorInvolvement.UNCLASSIFIED
    earlier = (
        Report.objects.filter(involved__person__in=persons, received_at__lte=received_at)
        .exclude(pk=exclude_report_id)
        .select_related("decision")
        .distinct()
    )
    open_reports = [r for r in earlier if r.status in OPEN_STATES]
    if any(r.status == ReportStatus.RECEIVED for r in open_reports):
        return PriorInvolvement.FOLLOW_UP_DURING_ASSESSMENT
    household_ids = HouseholdMember.objects.filter(person__in=persons).values("household_id")
    monitoring = Decision.objects.filter(
        kind=DecisionKind.CONDITIONS, case__status=CaseStatus.OPEN,
        case__household_id__in=household_ids,
    ).exists()
    if monitoring:
        return PriorInvolvement.FOLLOW_UP_DURING_MONITORING
    if open_reports:
        return PriorInvolvement.FOLLOW_UP_AFTER_ASSESSMENT
    lookback_start = received_at - timedelta(days=365 * settings.EENDAK_REREPORT_LOOKBACK_YEARS)
    if any(r.received_at >= lookback_start for r in earlier):
        return PriorInvolvement.RE_REPORT
    return PriorInvolvement.FIRST_REPORT


# --- Reports ------------------------------------------------------------------------------------


@dataclass
class InvolvedPerson:
    """A person concerned: an existing record (``person``) or the data for a new one."""

    role: str
    person: Person | None = None
    data: registry.PersonData | None = None
    household_role: str = ""


@dataclass
class ReporterData:
    name: str
    is_professional: bool = False
    role: str = "onbekend"
    sector: str = "niet_van_toepassing"
    organisation_name: str = ""
    phone: str = ""
    email: str = ""
    relation: str = ""
    stays_unknown_to_family: bool = False


@dataclass
class ReportData:
    channel: str
    account: str
    violence_types: list[str]
    reporter: ReporterData
    involved: list[InvolvedPerson] = field(default_factory=list)
    municipality_id: int | None = None
    duration: str = "onbekend"
    additional_info: list[str] = field(default_factory=list)
    is_acute: bool = False
    received_at: datetime | None = None
    submission_key: str | None = None


_HOUSEHOLD_ROLE = {"child": "child", "suspect": "partner", "victim": "partner", "witness": "other",
                   "other": "other"}


def _resolve_persons(actor: Actor, involved: list[InvolvedPerson]) -> list[tuple[Person, str]]:
    resolved = []
    for item in involved:
        person = item.person or registry.create_person(actor, item.data)
        resolved.append((person, item.role))
    seen = set()
    for person, _ in resolved:
        if person.pk in seen:
            raise RuleViolation("Dezelfde persoon staat twee keer in de melding.", field="involved")
        seen.add(person.pk)
    return resolved


def _household_for(actor: Actor, resolved, municipality, involved):
    """The household that shares the violence: an existing one of these persons, or a new one."""
    from eendak.persons.models import Household

    persons = [p for p, _ in resolved]
    existing = (
        Household.objects.filter(members__person__in=persons)
        .order_by("-cases__opened_at", "-created_at")
        .first()
    )
    if existing is None:
        if municipality is None:
            raise RuleViolation("Kies de gemeente van het huishouden.", field="municipality")
        return registry.create_household(
            actor, municipality=municipality,
            members=[(p, item.household_role or _HOUSEHOLD_ROLE.get(role, "other"))
                     for (p, role), item in zip(resolved, involved, strict=True)],
        )
    for (person, role), item in zip(resolved, involved, strict=True):
        registry.add_to_household(actor, existing, person,
                                  item.household_role or _HOUSEHOLD_ROLE.get(role, "other"))
    return existing


def register_report(actor: Actor, data: ReportData) -> Report:
    """Take a report (phone, police, professional, the API). A second submission with the same
    ``submission_key`` returns the first report."""
    require(actor, "intake.register_report")
    return _take_report(actor, data)


def register_web_report(actor: Actor, data: ReportData) -> Report:
    """A report from the public web form: received by Veilig Thuis with no user, so there is no
    permission to ask (see ``intake.permissions``); the form's own guards were checked before."""
    _require_public_entry(actor)
    return _take_report(actor, data)


def receive_partner_report(actor: Actor, data: ReportData, *, veilig_thuis: Organisation) -> Report:
    """A professional outside Veilig Thuis reports straight from their own system (meldcode step 5:
    the hospital's Spoedplein): the report is received by ``veilig_thuis``, with its deadline, as
    if it came in by phone. The sender reads back only what Veilig Thuis decided (the sending app's
    own link to the report), never the report itself."""
    require(actor, "intake.report_to_veilig_thuis", veilig_thuis)
    return _take_report(actor, data, receiver=veilig_thuis)


def _take_report(actor: Actor, data: ReportData, *, receiver: Organisation | None = None) -> Report:
    if data.submission_key:
        existing = Report.objects.filter(submission_key=data.submission_key).first()
        if existing:
            return existing
    try:
        return _register_report(actor, data, receiver=receiver)
    except IntegrityError:
        # Two identical submissions at the same moment: the other one won; return it.
        if data.submission_key:
            existing = Report.objects.filter(submission_key=data.submission_key).first()
            if existing:
                return existing
        raise


@audit.atomic
def _register_report(actor: Actor, data: ReportData, *,
                     receiver: Organisation | None = None) -> Report:
    violence_types = _validate_violence_types(data.violence_types)
    if not (data.account or "").strip():
        raise RuleViolation("Beschrijf wat de melder heeft gezien of gehoord.", field="account")
    if not (data.reporter.name or "").strip():
        raise RuleViolation("Een melding heeft de naam van de melder nodig; wil de melder anoniem "
                            "blijven, registreer dan een adviesvraag.", field="reporter_name")
    from eendak.core.models import Municipality

    municipality = (Municipality.objects.filter(pk=data.municipality_id).first()
                    if data.municipality_id else None)
    received_at = data.received_at or timezone.now()
    require_plausible(received_at, "received_at")
    if received_at > timezone.now() + timedelta(minutes=5):
        raise RuleViolation("Het moment van ontvangst ligt in de toekomst.", field="received_at")
    resolved = _resolve_persons(actor, data.involved)
    household = _household_for(actor, resolved, municipality, data.involved) if resolved else None
    if municipality is None and household is not None:
        municipality = household.municipality
    report = Report.objects.create(
        reference=next_reference("M", when=received_at),
        received_at=received_at,
        channel=data.channel,
        organisation=receiver or actor.organisation,
        household=household,
        municipality=municipality,
        violence_types=violence_types,
        additional_info=list(data.additional_info or []),
        duration=data.duration,
        account=data.account.strip(),
        is_acute=data.is_acute,
        assessment_due_at=assessment_due_at(received_at, data.is_acute),
        registered_by=actor.user,
        submission_key=data.submission_key or None,
    )
    Reporter.objects.create(report=report, **vars(data.reporter))
    for person, role in resolved:
        ReportPerson.objects.create(report=report, person=person, role=role)
    report.prior_involvement = classify_prior_involvement(
        [p for p, _ in resolved], received_at=received_at, exclude_report_id=report.pk
    )
    report.save(update_fields=["prior_involvement"])
    inform_due = timezone.localtime(received_at).date() + timedelta(
        weeks=settings.EENDAK_INFORM_PERSONS_WEEKS)
    InformingTask.objects.bulk_create(
        [InformingTask(report=report, person=p, due_on=inform_due) for p, _ in resolved]
    )
    # A report about a household whose case closed recently is a recurrence: the case file notes it
    # (a direct call down the layers: intake sits above cases).
    case_services.note_new_report(actor, report)
    audit.log_access(actor, event=Event.REPORT_CREATED, action=Action.CREATE, obj=report,
                     persons=[p for p, _ in resolved], detail=report.get_prior_involvement_display())
    if report.is_acute:
        _notify_acute(actor, report)
    return report


def _notify_acute(actor: Actor, report: Report) -> None:
    """An acute report (the Spoedplein's among them: ``receive_partner_report``) is told at once to
    the receiving Veilig Thuis's intake and doctors: its assessment is due within 24 hours."""
    source = " van het Spoedplein" if report.channel == Channel.HOSPITAL else ""
    notifications.notify(
        NoticeKind.ACUTE_REPORT,
        text=f"Acute melding {report.reference}{source}: veiligheidsbeoordeling binnen 24 uur",
        url=reverse("intake:report_detail", args=[report.pk]), key=f"acute:{report.pk}",
        permission="intake.assess", obj=report, organisations=[report.organisation],
        roles=[Role.VT_INTAKE, Role.VT_DOCTOR], exclude=actor.user, synthetic=report.is_synthetic)


def notify_assessment_deadlines(today) -> int:
    """Reports still waiting for their safety assessment whose deadline is tomorrow (or sooner) or
    has passed: told to the receiving Veilig Thuis's intake, once per report for "due" and once
    for "passed" (a daily check, ``notifications.services.register_due_check``)."""
    now = timezone.now()
    end_of_tomorrow = timezone.make_aware(datetime.combine(today + timedelta(days=2), time.min))
    reports = (Report.objects.filter(status=ReportStatus.RECEIVED,
                                     assessment_due_at__lt=end_of_tomorrow)
               .select_related("organisation").order_by("assessment_due_at", "pk"))
    count = 0
    for report in reports:
        due = timezone.localtime(report.assessment_due_at)
        if report.assessment_due_at <= now:
            state, text = "passed", (f"De termijn van de veiligheidsbeoordeling van melding "
                                     f"{report.reference} is verstreken ({due:%d-%m-%Y %H:%M})")
        else:
            state, text = "due", (f"De veiligheidsbeoordeling van melding {report.reference} moet "
                                  f"uiterlijk {due:%d-%m-%Y %H:%M} klaar zijn")
        notifications.notify(
            NoticeKind.ASSESSMENT_DEADLINE, text=text,
            url=reverse("intake:report_detail", args=[report.pk]),
            key=f"assessment:{report.pk}:{state}", permission="intake.assess", obj=report,
            organisations=[report.organisation], roles=[Role.VT_INTAKE],
            synthetic=report.is_synthetic)
        count += 1
    return count


@audit.atomic
def link_person(actor: Actor, report: Report, involved: InvolvedPerson) -> ReportPerson:
    """Add a person to a report after it was taken (e.g. identified later)."""
    require(actor, "intake.link_person", report)
    if report.status == ReportStatus.CLOSED:
        raise RuleViolation("Deze melding is afgesloten.")
    [(person, role)] = _resolve_persons(actor, [involved])
    if ReportPerson.objects.filter(report=report, person=person).exists():
        raise RuleViolation("Deze persoon staat al in de melding.", field="person")
    if report.household is None:
        report.household = _household_for(actor, [(person, role)], report.municipality, [involved])
        report.save(update_fields=["household"])
    else:
        registry.add_to_household(actor, report.household, person,
                                  involved.household_role or _HOUSEHOLD_ROLE.get(role, "other"))
    link = ReportPerson.objects.create(report=report, person=person, role=role)
    persons = list(Person.objects.filter(report_roles__report=report))
    report.prior_involvement = classify_prior_involvement(
        persons, received_at=report.received_at, exclude_report_id=report.pk)
    report.save(update_fields=["prior_involvement"])
    InformingTask.objects.get_or_create(
        report=report, person=person,
        defaults={"due_on": timezone.localtime(report.received_at).date()
                  + timedelta(weeks=settings.EENDAK_INFORM_PERSONS_WEEKS)},
    )
    audit.log_access(actor, event=Event.REPORT_PERSON_LINKED, action=Action.UPDATE, obj=report,
                     persons=[person])
    return link


# --- Safety assessment --------------------------------------------------------------------------


@audit.atomic
def record_assessment(actor: Actor, report: Report, *, acute_unsafety: bool,
                      structural_unsafety: bool, triage: str, rationale: str) -> SafetyAssessment:
    require(actor, "intake.assess", report)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not (rationale or "").strip():
        raise RuleViolation("Onderbouw de veiligheidsbeoordeling.", field="rationale")
    if triage not in Triage.values:
        raise RuleViolation("Kies een triagesituatie.", field="triage")
    _move(report, ReportStatus.ASSESSED)
    assessment = SafetyAssessment.objects.create(
        report=report, acute_unsafety=acute_unsafety, structural_unsafety=structural_unsafety,
        triage=triage, rationale=rationale.strip(), assessed_by=actor.user,
        assessed_role=actor.role,
    )
    report.save(update_fields=["status"])
    _create_feedback_task(report, FeedbackMoment.AFTER_ASSESSMENT)
    audit.log_access(actor, event=Event.REPORT_ASSESSED, action=Action.UPDATE, obj=report,
                     persons=_persons_of(report))
    return assessment


def _persons_of(report: Report) -> list[int]:
    return list(ReportPerson.objects.filter(report=report).values_list("person_id", flat=True))


def _create_feedback_task(report: Report, moment: str) -> FeedbackTask:
    due = add_working_days(timezone.localdate(), settings.EENDAK_FEEDBACK_WORKING_DAYS)
    task, _ = FeedbackTask.objects.get_or_create(report=report, moment=moment,
                                                 defaults={"due_on": due})
    return task


@audit.atomic
def record_instrument(actor: Actor, report: Report, *, instrument_code: str, answers: dict,
                      outcome: str = "") -> InstrumentResult:
    """Store the instrument's answers and, where its rules are public, the computed score."""
    require(actor, "intake.record_instrument", report)
    try:
        instrument = instruments.get(instrument_code)
    except instruments.InstrumentError as exc:
        raise RuleViolation(str(exc), field="instrument") from exc
    try:
        clean = instrument.validate(answers or {})
    except instruments.InstrumentError as exc:
        raise RuleViolation(str(exc), field="answers") from exc
    result = instrument.score(clean)
    if not instrument.public_scoring and not (outcome or "").strip():
        raise RuleViolation(f"Leg de uitkomst van {instrument.name} vast; Eendak berekent geen "
                            f"score voor dit instrument.", field="outcome")
    record = InstrumentResult.objects.create(
        report=report, instrument=instrument.code, version=instrument.version, answers=clean,
        score=result.score, band=result.band, outcome=(outcome or result.explanation).strip(),
        assessed_by=actor.user,
    )
    audit.log_access(actor, event=Event.REPORT_INSTRUMENT, action=Action.UPDATE, obj=report,
                     persons=_persons_of(report), detail=instrument.code)
    return record


# --- Decision on follow-up ----------------------------------------------------------------------

OUTCOME_FOR_DECISION = {
    DecisionKind.HANDOVER: AssessmentOutcome.HANDOVER,
    DecisionKind.CONDITIONS: AssessmentOutcome.OWN_SERVICE,
    DecisionKind.INVESTIGATION: AssessmentOutcome.OWN_SERVICE,
    DecisionKind.RVDK_REQUEST: AssessmentOutcome.OWN_SERVICE,
    DecisionKind.END: AssessmentOutcome.NO_FOLLOW_UP,
}


def _open_or_join_case(actor: Actor, report: Report) -> Case:
    persons_roles = [(link.person, _CASE_ROLE.get(link.role, "other"))
                     for link in report.involved.select_related("person")]
    return case_services.open_or_join_case(actor, report.household,
                                           task="Veilig Thuis: " + report.reference,
                                           persons_roles=persons_roles)


_CASE_ROLE = {"victim": "victim", "suspect": "suspect", "child": "child", "witness": "other",
              "other": "other"}


def local_team_for(report: Report) -> Organisation | None:
    municipality = report.household.municipality if report.household else report.municipality
    if municipality is None:
        return None
    return Organisation.objects.filter(type=OrganisationType.LOCAL_TEAM, municipality=municipality,
                                       is_active=True).first()


@audit.atomic
def decide(actor: Actor, report: Report, *, kind: str, rationale: str, handover_target: str = "",
           handover_organisation: Organisation | None = None) -> Decision:
    """Decide on follow-up. Anything but the end opens (or joins) the household's case file with
    Veilig Thuis responsible; a service (conditions, investigation) brings in the local team now."""
    require(actor, "intake.decide", report)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if kind not in DecisionKind.values:
        raise RuleViolation("Kies een besluit.", field="kind")
    if not (rationale or "").strip():
        raise RuleViolation("Onderbouw het besluit.", field="rationale")
    if kind == DecisionKind.HANDOVER and not handover_target:
        raise RuleViolation("Kies aan wie wordt overgedragen.", field="handover_target")
    if kind != DecisionKind.END and report.household is None:
        raise RuleViolation("Koppel eerst de betrokken personen aan de melding: een casus hoort bij "
                            "een huishouden.", field="kind")
    _move(report, ReportStatus.DECIDED)
    case = None
    if kind != DecisionKind.END:
        case = _open_or_join_case(actor, report)
    decision = Decision.objects.create(
        report=report, kind=kind, handover_target=handover_target if kind == "handover" else "",
        handover_organisation=handover_organisation, rationale=rationale.strip(),
        assessment_outcome=OUTCOME_FOR_DECISION[DecisionKind(kind)], case=case,
        decided_by=actor.user,
    )
    if kind in SERVICES:
        team = local_team_for(report)
        if team is None:
            raise RuleViolation("Er is geen actief lokaal team voor de gemeente van dit huishouden.",
                                field="kind")
        case_services.participate(actor, case, team,
                                  "Lokaal team: verbindend samenwerken vanaf de start")
        JointConversation.objects.create(report=report, local_team=team)
    if kind == DecisionKind.INVESTIGATION:
        today = timezone.localdate()
        Investigation.objects.create(report=report, started_on=today,
                                     due_on=today + timedelta(weeks=settings.EENDAK_INVESTIGATION_WEEKS))
    if kind == DecisionKind.END:
        _move(report, ReportStatus.CLOSED)
        report.closed_at = timezone.now()
    report.save(update_fields=["status", "closed_at"])
    audit.log_access(actor, event=Event.REPORT_DECIDED, action=Action.UPDATE, obj=report,
                     persons=_persons_of(report), detail=kind)
    return decision


@audit.atomic
def complete_investigation(actor: Actor, report: Report, *, findings: dict[str, str],
                           closed_early: bool = False, conclusion: str = "") -> Investigation:
    """Outcome per kind of violence: confirmed, not confirmed or refuted (or closed early)."""
    require(actor, "intake.complete_investigation", report)
    investigation = Investigation.objects.select_for_update().filter(report=report).first()
    if investigation is None:
        raise RuleViolation("Bij deze melding loopt geen onderzoek.")
    if investigation.completed_on:
        raise RuleViolation("Dit onderzoek is al afgerond.")
    from .categories import InvestigationResult

    if not closed_early:
        missing = [t for t in report.violence_types if t not in (findings or {})]
        if missing:
            raise RuleViolation("Geef per soort geweld de uitkomst: bevestigd, niet bevestigd of "
                                "weerlegd.", field="findings")
    for violence_type, result in (findings or {}).items():
        if result not in InvestigationResult.values or violence_type not in ViolenceType.values:
            raise RuleViolation("Ongeldige uitkomst van het onderzoek.", field="findings")
        InvestigationFinding.objects.create(investigation=investigation,
                                            violence_type=violence_type, result=result)
    investigation.completed_on = timezone.localdate()
    investigation.closed_early = closed_early
    investigation.conclusion = (conclusion or "").strip()
    investigation.save()
    _create_feedback_task(report, FeedbackMoment.AFTER_INVESTIGATION)
    audit.log_access(actor, event=Event.REPORT_INVESTIGATION_COMPLETED, action=Action.UPDATE,
                     obj=report, persons=_persons_of(report))
    return investigation


# --- Verbindend samenwerken, feedback and informing ---------------------------------------------


@audit.atomic
def record_joint_conversation(actor: Actor, conversation: JointConversation, *,
                              planned_for=None, held_at=None, participants: str = "",
                              notes: str = "") -> JointConversation:
    """Veilig Thuis and the local team hold the first conversation together; either records it."""
    require(actor, "intake.record_joint_conversation", conversation)
    require_plausible(planned_for, "planned_for")
    require_plausible(held_at, "held_at")
    if held_at and held_at > timezone.now():
        raise RuleViolation("Een gesprek dat nog moet plaatsvinden kunt u inplannen, niet als "
                            "gehouden vastleggen.", field="held_at")
    if held_at and not (participants or "").strip():
        raise RuleViolation("Vermeld wie aan het gesprek deelnamen.", field="participants")
    if planned_for:
        conversation.planned_for = planned_for
    if held_at:
        conversation.held_at = held_at
        conversation.participants = participants.strip()
    if notes:
        conversation.notes = notes.strip()
    replanned = bool(planned_for) and not conversation.held_at and (
        JointConversation.objects.filter(pk=conversation.pk).values_list("planned_for", flat=True)
        .first() != planned_for)
    conversation.save()
    if replanned:
        _invite_to_joint_conversation(actor, conversation)
    audit.log_access(actor, event=Event.REPORT_JOINT_CONVERSATION, action=Action.UPDATE,
                     obj=conversation.report, persons=_persons_of(conversation.report))
    return conversation


def _invite_to_joint_conversation(actor: Actor, conversation: JointConversation) -> None:
    """Planned (or moved): Veilig Thuis's and the local team's people are invited, with a calendar
    entry that names nobody; again when it moves (the entry's UID stays, so a calendar updates it)."""
    report = conversation.report
    case_id = (Decision.objects.filter(report=report, case__isnull=False)
               .values_list("case_id", flat=True).first())
    url = (reverse("cases:case_detail", args=[case_id]) if case_id
           else reverse("intake:report_detail", args=[report.pk]))
    when = timezone.localtime(conversation.planned_for)
    notifications.notify(
        NoticeKind.INVITATION,
        text=f"Uitnodiging: gezamenlijk gesprek met het gezin op {when:%d-%m-%Y %H:%M} (melding "
             f"{report.reference})", url=url,
        key=f"joint:{conversation.pk}:{conversation.planned_for.isoformat()}",
        permission="intake.record_joint_conversation", obj=conversation,
        organisations=[conversation.local_team, report.organisation],
        roles=[Role.LOCAL_TEAM_WORKER, Role.CASE_COORDINATOR, Role.VT_INTAKE, Role.VT_INVESTIGATOR],
        exclude=actor.user, synthetic=report.is_synthetic,
        calendar=calendar.invitation(
            uid=f"joint-conversation-{conversation.pk}", starts_at=conversation.planned_for,
            summary="Gezamenlijk gesprek Veilig Thuis en lokaal team (Eendak)", path=url))


@audit.atomic
def complete_feedback(actor: Actor, task: FeedbackTask, *, content: str) -> FeedbackTask:
    require(actor, "intake.give_feedback", task)
    if task.completed_at:
        raise RuleViolation("Deze terugkoppeling is al gegeven.")
    if not (content or "").strip():
        raise RuleViolation("Leg vast wat aan de melder is teruggekoppeld.", field="content")
    task.content = content.strip()
    task.completed_at = timezone.now()
    task.completed_by = actor.user
    task.save()
    audit.log_access(actor, event=Event.REPORT_FEEDBACK_GIVEN, action=Action.UPDATE, obj=task.report,
                     detail=task.moment)
    return task


@audit.atomic
def record_informing(actor: Actor, task: InformingTask, *, informed_on=None,
                     reason_not_informed: str = "") -> InformingTask:
    require(actor, "intake.record_informing", task)
    if not informed_on and not (reason_not_informed or "").strip():
        raise RuleViolation("Vul de datum in waarop de persoon is geïnformeerd, of de reden om niet "
                            "te informeren.", field="informed_on")
    if informed_on and informed_on > timezone.localdate():
        raise RuleViolation("Die datum ligt in de toekomst.", field="informed_on")
    task.informed_on = informed_on
    task.reason_not_informed = (reason_not_informed or "").strip()
    task.recorded_by = actor.user
    task.save()
    audit.log_access(actor, event=Event.REPORT_PERSON_INFORMED, action=Action.UPDATE,
                     obj=task.report, persons=[task.person_id])
    return task


# --- Advice requests ----------------------------------------------------------------------------


@dataclass
class AdviceData:
    channel: str
    asker_type: str
    question: str
    anonymous: bool = False
    consent_to_contact: bool = False
    asker_name: str = ""
    asker_phone: str = ""
    asker_email: str = ""
    asker_role: str = "onbekend"
    asker_sector: str = "niet_van_toepassing"
    municipality_id: int | None = None
    violence_types: list[str] = field(default_factory=list)
    advice_given: str = ""
    follow_up: str = ""
    received_at: datetime | None = None
    submission_key: str | None = None


def register_advice(actor: Actor, data: AdviceData) -> AdviceRequest:
    """Record an advice request (phone, e-mail, the API); the same ``submission_key`` twice returns
    the first one."""
    require(actor, "intake.register_advice")
    return _take_advice(actor, data)


def register_web_advice(actor: Actor, data: AdviceData) -> AdviceRequest:
    """An advice request from the public web form: no user, no permission to ask (see
    ``intake.permissions``)."""
    _require_public_entry(actor)
    return _take_advice(actor, data)


def receive_partner_advice(actor: Actor, data: AdviceData, *,
                           veilig_thuis: Organisation) -> AdviceRequest:
    """A professional outside Veilig Thuis consults it straight from their own system (the
    Spoedplein): the advice request is received by ``veilig_thuis``; the sender reads back the
    advice given through its own link, never Veilig Thuis's other records."""
    require(actor, "intake.report_to_veilig_thuis", veilig_thuis)
    return _take_advice(actor, data, receiver=veilig_thuis)


def _take_advice(actor: Actor, data: AdviceData, *,
                 receiver: Organisation | None = None) -> AdviceRequest:
    if data.submission_key:
        existing = AdviceRequest.objects.filter(submission_key=data.submission_key).first()
        if existing:
            return existing
    return _register_advice(actor, data, receiver=receiver)


@audit.atomic
def _register_advice(actor: Actor, data: AdviceData, *,
                     receiver: Organisation | None = None) -> AdviceRequest:
    if not (data.question or "").strip():
        raise RuleViolation("Beschrijf de vraag.", field="question")
    unknown = [v for v in data.violence_types or [] if v not in ViolenceType.values]
    if unknown:
        raise RuleViolation(f"Onbekende soort geweld: {', '.join(unknown)}.", field="violence_types")
    require_plausible(data.received_at, "received_at")
    if data.received_at and data.received_at > timezone.now() + timedelta(minutes=5):
        raise RuleViolation("Het moment van ontvangst ligt in de toekomst.", field="received_at")
    contact = (data.asker_name, data.asker_phone, data.asker_email)
    if any(contact) and (data.anonymous or not data.consent_to_contact):
        raise RuleViolation("Contactgegevens worden alleen vastgelegd als de vraagsteller niet "
                            "anoniem is en toestemming geeft.", field="consent_to_contact")
    advice = AdviceRequest.objects.create(
        reference=next_reference("A", when=data.received_at),
        received_at=data.received_at or timezone.now(), channel=data.channel,
        asker_type=data.asker_type, asker_role=data.asker_role, asker_sector=data.asker_sector,
        anonymous=data.anonymous, consent_to_contact=data.consent_to_contact,
        asker_name=data.asker_name.strip(), asker_phone=data.asker_phone.strip(),
        asker_email=data.asker_email.strip(), municipality_id=data.municipality_id,
        violence_types=list(data.violence_types or []), question=data.question.strip(),
        advice_given=(data.advice_given or "").strip(), follow_up=data.follow_up,
        organisation=receiver or actor.organisation,
        handled_by=None if receiver else actor.user,
        submission_key=data.submission_key or None,
    )
    audit.log_access(actor, event=Event.ADVICE_CREATED, action=Action.CREATE, obj=advice)
    return advice


@audit.atomic
def record_advice(actor: Actor, advice: AdviceRequest, *, advice_given: str,
                  follow_up: str) -> AdviceRequest:
    require(actor, "intake.record_advice", advice)
    if advice.converted_to_id:
        raise RuleViolation("Deze adviesvraag is al omgezet in een melding.")
    if follow_up not in AdviceFollowUp.values or follow_up == AdviceFollowUp.CONVERTED:
        raise RuleViolation("Kies het vervolg.", field="follow_up")
    advice.advice_given = advice_given.strip()
    advice.follow_up = follow_up
    advice.handled_by = actor.user
    advice.save()
    audit.log_access(actor, event=Event.ADVICE_UPDATED, action=Action.UPDATE, obj=advice)
    return advice


@audit.atomic
def convert_advice_to_report(actor: Actor, advice: AdviceRequest, *,
                             reporter: ReporterData | None = None,
                             involved: list[InvolvedPerson] | None = None) -> Report:
    """An advice request becomes a report; the question, asker and kinds of violence carry over."""
    require(actor, "intake.convert_advice", advice)
    advice = AdviceRequest.objects.select_for_update().get(pk=advice.pk)
    if advice.converted_to_id:
        raise RuleViolation("Deze adviesvraag is al omgezet in een melding.")
    if reporter is None:
        if not advice.asker_name:
            raise RuleViolation("Voor een melding is de naam van de melder nodig.",
                                field="reporter_name")
        reporter = ReporterData(
            name=advice.asker_name, phone=advice.asker_phone, email=advice.asker_email,
            is_professional=advice.asker_type == "professional", role=advice.asker_role,
            sector=advice.asker_sector,
        )
    account = advice.question + ("\n\nGegeven advies: " + advice.advice_given
                                 if advice.advice_given else "")
    report = _register_report(actor, ReportData(
        channel=advice.channel, account=account,
        violence_types=advice.violence_types or ["onbekend"], reporter=reporter,
        involved=involved or [], municipality_id=advice.municipality_id,
    ))
    advice.converted_to = report
    advice.follow_up = AdviceFollowUp.CONVERTED
    advice.save(update_fields=["converted_to", "follow_up"])
    audit.log_access(actor, event=Event.ADVICE_CONVERTED, action=Action.UPDATE, obj=advice,
                     detail=report.reference)
    return report
