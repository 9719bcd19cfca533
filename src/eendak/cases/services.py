"""The shared case file: every change to a case goes through one function here.

Each function starts with ``require(actor, "cases.<action>", obj)`` — the one declared rule of who
may (``cases.permissions``) — then checks the data and the state (a ``RuleViolation`` with a Dutch
message at its field; a state moves only along ``cases.workflow``'s tables), changes it, and writes
the journal entry the time line shows and the access-log entry NEN 7513 asks for through
``cases.events``, in one transaction with the change.

One owner of safety: ``Case.responsible_organisation`` is a non-null key, so a case always has exactly
one responsible organisation; a handover changes it only through ``accept_handover``, whose
conditional update lets exactly one of two simultaneous acceptances win.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eendak.audit import services as audit
from eendak.catalogue.models import Offer
from eendak.core.actors import Actor
from eendak.core.dates import require_plausible
from eendak.core.exceptions import RuleViolation, StateConflict
from eendak.core.models import Organisation, User
from eendak.core.permissions import require
from eendak.core.references import next_reference
from eendak.core.roles import NEVER_IN_A_CASE, Capability, OrganisationType, Role
from eendak.core.workdays import add_months
from eendak.notifications import services as notifications
from eendak.notifications.models import Kind as NoticeKind
from eendak.persons.models import HouseholdMember, HouseholdRole
from eendak.persons.queries import persons_of

from . import impact, uploads, workflow
from .events import CaseEvent as E
from .events import changed, journal_entry, logged
from .models import (
    SAFETY_SCALE,
    ActionStatus,
    Case,
    CasePerson,
    CaseStatus,
    ChildHelp,
    ChildVoice,
    ClosureReason,
    ConditionCheck,
    ConditionStatus,
    Document,
    ExperiencedSafety,
    Handover,
    HandoverStatus,
    ImpactMeasurement,
    ImpactMoment,
    IncidentSeverity,
    JournalEntry,
    JournalKind,
    LegalBasis,
    MonitoringDecision,
    MonitoringMoment,
    NotAsked,
    Participation,
    Phase,
    PhaseChange,
    PlanAction,
    PlanGoal,
    PlanPart,
    PlanVersion,
    Recurrence,
    SafetyCondition,
    Shield,
    Visibility,
)
from .permissions import relation
from .queries import active_participation

# Organisation types that can hold oversight of safety.
HANDOVER_RECEIVERS = frozenset({
    OrganisationType.VEILIG_THUIS, OrganisationType.LOCAL_TEAM, OrganisationType.SAFETY_HOUSE,
    OrganisationType.YOUTH_PROTECTION,
})
# Who may coordinate a case, and who may own a plan action: people who work with client data.
COORDINATOR_ROLES = frozenset({Role.CASE_COORDINATOR, Role.LOCAL_TEAM_WORKER,
                               Role.SAFETY_TEAM_MEMBER})
RECURRENCE_WINDOW_DAYS = 548  # 18 months


# --- Guards about the state (who may is cases.permissions' business) ------------------------------


def _require_open(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise StateConflict("Deze casus is gesloten; er kan niets meer aan worden toegevoegd.")


def _locked(case: Case) -> Case:
    """The case re-read under a row lock: two changes to one case are serialised, and the rules are
    asked of the state the change will be made to (not of what a page loaded earlier)."""
    return Case.objects.select_for_update().get(pk=case.pk)


def works_with_client_data(user: User, organisation) -> bool:
    """Whether ``user`` works at ``organisation`` in a role that sees client data: only such people
    can own a plan action (a log administrator or analyst has no business in a family's plan)."""
    return any(m.has(Capability.CLIENT_DATA)
               for m in user.active_memberships().filter(organisation=organisation))


# --- Journal ------------------------------------------------------------------------------------


@audit.atomic
def add_journal_entry(actor: Actor, case: Case, *, kind: str, text: str,
                      visibility: str = Visibility.ALL_PARTICIPANTS, occurred_at=None) -> JournalEntry:
    require(actor, "cases.add_journal_entry", case)
    _require_open(case)
    if not (text or "").strip():
        raise RuleViolation("Schrijf wat er is gebeurd.", field="text")
    if kind not in {JournalKind.CONTACT, JournalKind.CONVERSATION, JournalKind.DECISION,
                    JournalKind.NOTE}:
        raise RuleViolation("Kies het soort journaalregel.", field="kind")
    require_plausible(occurred_at, "occurred_at")
    if occurred_at and occurred_at > timezone.now() + timedelta(minutes=5):
        raise RuleViolation("Een journaalregel gaat over iets dat al is gebeurd.",
                            field="occurred_at")
    entry = journal_entry(actor, case, kind, text.strip(), visibility=visibility,
                          occurred_at=occurred_at)
    logged(actor, case, E.JOURNAL_ADDED, persons=persons_of(case.household_id), detail=kind)
    return entry


MIN_OWN_STATEMENT = 10


@audit.atomic
def add_own_statement(actor: Actor, case: Case, *, person, text: str) -> JournalEntry:
    """The person's own statement beside the file (AVG art. 16, a refused correction), added by the
    privacy officer: a journal entry of its own kind, visible to every participant, with its
    access-log entry naming the person. Also in a closed case: the statement belongs with the data
    it is about, however old the file."""
    require(actor, "cases.add_own_statement", case)
    text = (text or "").strip()
    if len(text) < MIN_OWN_STATEMENT:
        raise RuleViolation(f"Schrijf de verklaring van de betrokkene (minstens {MIN_OWN_STATEMENT} "
                            "tekens).", field="statement")
    return changed(actor, case, E.OWN_STATEMENT, text, persons=[person.pk],
                   detail="eigen verklaring betrokkene")


def write_own_statement(actor: Actor, person, text: str) -> list[JournalEntry]:
    """Registered with ``persons.hooks``: the statement in the file of every case the person is
    part of, or else of the latest case of each of their households."""
    cases = list(Case.objects.filter(case_persons__person=person).distinct())
    if not cases:
        cases = list(Case.objects.filter(household__members__person=person).distinct())
    return [add_own_statement(actor, case, person=person, text=text) for case in cases]


@audit.atomic
def upload_document(actor: Actor, case: Case, uploaded_file, *, description: str,
                    visibility: str = Visibility.ALL_PARTICIPANTS) -> Document:
    """Type checked by content and against what the file claims (``cases.uploads``), size
    limited, stored outside the web root."""
    require(actor, "cases.upload_document", case)
    _require_open(case)
    checked = uploads.check_document(uploaded_file)
    mime = checked.content_type
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    document = Document(case=case, original_name=uploaded_file.name, content_type=mime,
                        size=uploaded_file.size, sha256=digest.hexdigest(), uploaded_by=actor.user,
                        source_organisation=actor.organisation)
    # The stored name is random; the original name is only shown, never used as a path.
    document.file.save(f"{next_reference('DOC')}.{checked.extension}", uploaded_file,
                       save=False)
    document.save()
    changed(actor, case, E.DOCUMENT_UPLOADED,
            (description or "").strip() or document.original_name, visibility=visibility,
            document=document, persons=persons_of(case.household_id), detail=document.original_name)
    return document


# --- Opening, participation, coordinator, phase --------------------------------------------------


def open_or_join_case(actor: Actor, household, *, task: str, persons_roles=()) -> Case:
    """The household's open case, or a new one with the actor's organisation responsible.

    Not a step of its own: called by the intake's decision (``intake.services``), which has required
    ``intake.decide`` — Veilig Thuis opening the file of a household it holds a report about.
    """
    case = Case.objects.select_for_update().filter(household=household,
                                                   status=CaseStatus.OPEN).first()
    if case is None:
        case = Case.objects.create(reference=next_reference("C"), household=household,
                                   responsible_organisation=actor.organisation)
        PhaseChange.objects.create(case=case, to_phase=Phase.DIRECT_SAFETY,
                                   reason="Casus geopend", decided_by=actor.user,
                                   organisation=actor.organisation)
        changed(actor, case, E.OPENED,
                f"Casus geopend door {actor.organisation.name}, fase "
                f"{Phase.DIRECT_SAFETY.label.lower()}.",
                persons=persons_of(household))
    participate(actor, case, actor.organisation, task)
    for person, role in persons_roles:
        CasePerson.objects.get_or_create(case=case, person=person, defaults={"role": role})
    return case


def participate(actor: Actor, case: Case, organisation: Organisation, task: str,
                legal_basis: str = LegalBasis.STATUTORY_TASK) -> Participation:
    """Let ``organisation`` take part (idempotent). Not a step of its own: the steps that bring an
    organisation in (``add_participant``, ``offer_handover``, escalation, opening) require theirs."""
    participation = active_participation(case, organisation)
    if participation is None:
        participation = Participation.objects.create(case=case, organisation=organisation,
                                                     task=task, legal_basis=legal_basis)
        changed(actor, case, E.PARTICIPANT_JOINED, f"{organisation.name} neemt deel: {task}",
                detail=organisation.name)
    return participation


@audit.atomic
def add_participant(actor: Actor, case: Case, organisation: Organisation, *, task: str,
                    legal_basis: str) -> Participation:
    require(actor, "cases.add_participant", case)
    _require_open(case)
    if not organisation.is_active:
        raise RuleViolation("Deze organisatie is niet actief.", field="organisation")
    if organisation.type in NEVER_IN_A_CASE:
        raise RuleViolation("Deze organisatie neemt niet deel aan casussen: zij ziet geen gezinnen.",
                            field="organisation")
    if legal_basis not in LegalBasis.values:
        raise RuleViolation("Kies de grondslag waarop gegevens worden gedeeld.", field="legal_basis")
    if active_participation(case, organisation):
        raise RuleViolation("Deze organisatie neemt al deel.", field="organisation")
    if not (task or "").strip():
        raise RuleViolation("Beschrijf wat deze organisatie in de casus doet.", field="task")
    return participate(actor, case, organisation, task.strip(), legal_basis)


@audit.atomic
def end_participation(actor: Actor, participation: Participation, *, reason: str) -> None:
    """An organisation's part ends, and with it its access (what it wrote stays visible to it)."""
    case = _locked(participation.case)
    participation.case = case
    require(actor, "cases.end_participation", participation)
    if participation.organisation_id == case.responsible_organisation_id:
        raise StateConflict("De organisatie die verantwoordelijk is voor zicht op veiligheid kan "
                            "pas stoppen na een geaccepteerde overdracht.")
    if participation.ended_at:
        raise StateConflict("Deze deelname is al beëindigd.")
    if not (reason or "").strip():
        raise RuleViolation("Geef de reden waarom deze deelname stopt.", field="reason")
    participation.ended_at = timezone.now()
    participation.save(update_fields=["ended_at"])
    changed(actor, case, E.PARTICIPANT_LEFT,
            f"Deelname van {participation.organisation.name} beëindigd: {reason.strip()}",
            detail=participation.organisation.name)


def coordinator_candidates(case: Case):
    """People who may coordinate: a coordinating role at an organisation taking part now."""
    return (User.objects.filter(
        is_active=True,
        memberships__is_active=True, memberships__role__in=COORDINATOR_ROLES,
        memberships__organisation__in=case.participations.filter(ended_at__isnull=True)
        .values("organisation"))
        .distinct())


@audit.atomic
def assign_coordinator(actor: Actor, case: Case, user: User) -> Case:
    """One coordinator: a person of a participating organisation, normally the local team."""
    require(actor, "cases.choose_coordinator", case)
    return set_coordinator(actor, case, user)


def set_coordinator(actor: Actor, case: Case, user: User) -> Case:
    """Make ``user`` the case's one coordinator. Not a step of its own: ``assign_coordinator``
    requires ``cases.choose_coordinator``; the Veiligheidsteam's triage acceptance requires
    ``conferences.decide_triage`` and names the team's coordinator as the referral agreed."""
    _require_open(case)
    membership = user.active_memberships().filter(
        role__in=COORDINATOR_ROLES,
        organisation__in=case.participations.filter(ended_at__isnull=True).values("organisation"),
    ).select_related("organisation").first()
    if membership is None:
        raise RuleViolation("De casuscoördinator moet werken bij een deelnemende organisatie, als "
                            "casuscoördinator of medewerker van het lokale team.", field="coordinator")
    case.coordinator = user
    case.coordinator_since = timezone.localdate()
    case.save(update_fields=["coordinator", "coordinator_since"])
    changed(actor, case, E.COORDINATOR_ASSIGNED,
            f"Casuscoördinator: {user.get_full_name() or user.username} ({membership.organisation})",
            detail=user.username)
    return case


@audit.atomic
def change_phase(actor: Actor, case: Case, *, to_phase: str, reason: str) -> PhaseChange:
    case = _locked(case)
    require(actor, "cases.change_phase", case)
    _require_open(case)
    if to_phase not in Phase.values:
        raise RuleViolation("Kies een fase.", field="to_phase")
    if to_phase == case.phase:
        raise RuleViolation("De casus is al in deze fase.", field="to_phase")
    workflow.move(workflow.PHASE, Phase, case.phase, to_phase, field="to_phase")
    if not (reason or "").strip():
        raise RuleViolation("Geef de reden voor de fasewijziging.", field="reason")
    change = PhaseChange.objects.create(case=case, from_phase=case.phase, to_phase=to_phase,
                                        reason=reason.strip(), decided_by=actor.user,
                                        organisation=actor.organisation)
    changed(actor, case, E.PHASE_CHANGED,
            f"Fase: {Phase(change.from_phase).label} → {Phase(to_phase).label}. {reason.strip()}",
            detail=to_phase)
    case.phase = to_phase
    case.save(update_fields=["phase"])
    return change


@audit.atomic
def shield_person(actor: Actor, case: Case, *, person, hidden_from: Organisation,
                  reason: str) -> Shield:
    require(actor, "cases.shield_person", case)
    _require_open(case)
    if not case.household.members.filter(person=person).exists():
        raise RuleViolation("Deze persoon hoort niet bij dit huishouden.", field="person")
    if hidden_from.pk == actor.organisation.pk:
        raise RuleViolation("U kunt gegevens niet voor uw eigen organisatie afschermen.",
                            field="hidden_from")
    if not (reason or "").strip():
        raise RuleViolation("Geef de reden voor het afschermen.", field="reason")
    shield, _created = Shield.objects.get_or_create(
        case=case, person=person, hidden_from=hidden_from,
        defaults={"reason": reason.strip(), "created_by": actor.user})
    changed(actor, case, E.PERSON_SHIELDED,
            f"Adres en contactgegevens van een gezinslid afgeschermd voor {hidden_from.name}.",
            visibility=Visibility.SOURCE_ONLY, persons=[person])
    return shield


def is_shielded(case: Case, person, organisation) -> bool:
    return Shield.objects.filter(case=case, person=person, hidden_from=organisation).exists()


# --- Safety conditions and monitoring ------------------------------------------------------------


def monitoring_schedule(start: date) -> list[date]:
    return [add_months(start, m) for m in settings.EENDAK_MONITORING_MONTHS]


@audit.atomic
def set_conditions(actor: Actor, case: Case, conditions: list[tuple[str, str]]) -> list[SafetyCondition]:
    """Veilig Thuis sets safety conditions with the family; monitoring starts with the first ones."""
    case = _locked(case)
    require(actor, "cases.set_conditions", case)
    _require_open(case)
    cleaned = [(t.strip(), a.strip()) for t, a in conditions if (t or "").strip()]
    if not cleaned:
        raise RuleViolation("Formuleer ten minste één veiligheidsvoorwaarde.", field="conditions")
    if any(not agreed for _text, agreed in cleaned):
        raise RuleViolation("Vermeld bij elke voorwaarde met wie die is afgesproken.",
                            field="agreed_by")
    created = [SafetyCondition.objects.create(case=case, text=t, agreed_by=a, set_by=actor.user)
               for t, a in cleaned]
    if case.monitoring_started_on is None:
        start = timezone.localdate()
        case.monitoring_started_on = start
        case.monitoring_until = add_months(start, settings.EENDAK_MONITORING_MAX_MONTHS)
        case.save(update_fields=["monitoring_started_on", "monitoring_until"])
        MonitoringMoment.objects.bulk_create(
            [MonitoringMoment(case=case, planned_on=d) for d in monitoring_schedule(start)]
        )
    changed(actor, case, E.CONDITIONS_SET,
            "Veiligheidsvoorwaarden vastgesteld: " + "; ".join(t for t, _agreed in cleaned),
            persons=persons_of(case.household_id))
    return created


@audit.atomic
def record_monitoring(actor: Actor, moment: MonitoringMoment, *, held_on: date,
                      statuses: dict[int, tuple[str, str]], incidents_since_last: int,
                      assessment: str) -> MonitoringMoment:
    """At a monitoring moment: each condition's status, incidents since last time, the assessment."""
    case = _locked(moment.case)
    require(actor, "cases.record_monitoring", case)
    _require_open(case)
    # Reloaded under the case lock: two people recording one moment at once, only one succeeds.
    moment = MonitoringMoment.objects.select_for_update().get(pk=moment.pk)
    if moment.held_on:
        raise StateConflict("Dit monitoringsmoment is al vastgelegd.")
    require_plausible(held_on, "held_on")
    if held_on > timezone.localdate():
        raise RuleViolation("Een monitoringsmoment dat nog moet komen kunt u niet vastleggen.",
                            field="held_on")
    if incidents_since_last is None or incidents_since_last < 0:
        raise RuleViolation("Vul het aantal incidenten sinds het vorige moment in (0 of meer).",
                            field="incidents_since_last")
    if not (assessment or "").strip():
        raise RuleViolation("Geef de beoordeling van de veiligheid.", field="assessment")
    active = list(case.conditions.filter(ended_at__isnull=True))
    missing = [c for c in active if c.pk not in statuses]
    if missing:
        raise RuleViolation("Geef voor elke voorwaarde aan of die is nageleefd.", field="statuses")
    for condition in active:
        status, note = statuses[condition.pk]
        if status not in ConditionStatus.values:
            raise RuleViolation("Ongeldige status van een voorwaarde.", field="statuses")
        ConditionCheck.objects.create(moment=moment, condition=condition, status=status,
                                      note=(note or "").strip())
    moment.held_on = held_on
    moment.incidents_since_last = incidents_since_last
    moment.assessment = assessment.strip()
    moment.recorded_by = actor.user
    moment.save()
    changed(actor, case, E.MONITORING_RECORDED,
            f"Monitoring {held_on:%d-%m-%Y}: {incidents_since_last} incident(en). {assessment.strip()}",
            persons=persons_of(case.household_id))
    return moment


@audit.atomic
def decide_on_monitoring_limit(actor: Actor, case: Case, *, kind: str, reason: str,
                               new_until: date | None = None) -> MonitoringDecision:
    """At the 18-month limit: extend with a reason, or escalate to the Veiligheidsteam.

    What may be decided when is ``workflow.MONITORING_DECISIONS``: extending is a decision at (or
    shortly before) the limit — on the first day of monitoring there is nothing to extend yet.
    """
    case = _locked(case)
    require(actor, "cases.decide_monitoring_limit", case)
    _require_open(case)
    if kind not in MonitoringDecision.Kind.values:
        raise RuleViolation("Kies verlengen of opschalen.", field="kind")
    state = workflow.monitoring_state(case.monitoring_started_on, case.monitoring_until,
                                      timezone.localdate())
    if state.stage == workflow.MonitoringStage.NOT_STARTED:
        raise RuleViolation(_("De monitoring is nog niet begonnen: er zijn nog geen "
                              "veiligheidsvoorwaarden."), field="kind")
    if not state.allows(kind):
        raise RuleViolation(
            _("Verlengen is een besluit bij de grens van de monitoring (%(until)s): dat kan vanaf "
              "%(opens)s, niet eerder.") % {"until": f"{state.until:%d-%m-%Y}",
                                            "opens": f"{state.decision_window_opens:%d-%m-%Y}"},
            field="kind")
    if not (reason or "").strip():
        raise RuleViolation("Geef de reden.", field="reason")
    if kind == MonitoringDecision.Kind.EXTEND:
        if new_until is None or new_until <= case.monitoring_until:
            raise RuleViolation("Kies een nieuwe einddatum na de huidige.", field="new_until")
        require_plausible(new_until, "new_until")
        case.monitoring_until = new_until
        case.save(update_fields=["monitoring_until"])
        text = f"Monitoring verlengd tot {new_until:%d-%m-%Y}: {reason.strip()}"
    else:
        safety_house = Organisation.objects.filter(type=OrganisationType.SAFETY_HOUSE,
                                                   is_active=True).first()
        if safety_house is None:
            raise RuleViolation("Er is geen actief Veiligheidsteam.")
        participate(actor, case, safety_house, "Veiligheidsteam: opgeschaald na monitoring")
        text = f"Opgeschaald naar het Veiligheidsteam: {reason.strip()}"
    decision = MonitoringDecision.objects.create(case=case, kind=kind, new_until=new_until,
                                                 reason=reason.strip(), decided_by=actor.user)
    changed(actor, case, E.MONITORING_DECISION, text, detail=kind)
    return decision


# --- Impact monitoring (issue 12) ------------------------------------------------------------------


@dataclass(frozen=True)
class SafetyAnswer:
    """One family member's own sense of safety: a score 1-10, or why it was not asked."""

    person_id: int
    score: int | None = None
    not_asked: str = ""


@dataclass(frozen=True)
class HelpAnswer:
    """Whether help for one child had started, and since when (if known)."""

    child_id: int
    help_started: bool
    started_on: date | None = None


def _on_scale(value) -> bool:
    return isinstance(value, int) and SAFETY_SCALE[0] <= value <= SAFETY_SCALE[1]


@audit.atomic
def record_impact(actor: Actor, case: Case, *, moment: str, measured_on: date, incidents: int,
                  severity: str, new_reports: int, professional_safety: int,
                  experienced: list[SafetyAnswer] = (), child_help: list[HelpAnswer] = (),
                  monitoring_moment: MonitoringMoment | None = None,
                  note: str = "") -> ImpactMeasurement:
    """An impact measurement (T0, T12, T18 or in between), at a monitoring moment or on its own.

    Who records it is who records the monitoring moments (``cases.record_impact``); a closed case
    takes it too, since the 18-month measurement follows the family after the file closed. Every
    error names its field (``safety_<person>``, ``help_on_<child>`` ... for the rows of persons),
    and nothing is stored unless everything is right.
    """
    case = _locked(case)
    require(actor, "cases.record_impact", case)
    if moment not in ImpactMoment.values:
        raise RuleViolation(_("Kies het meetmoment: T0, T12, T18 of tussentijds."), field="moment")
    if measured_on is None:
        raise RuleViolation(_("Vul in wanneer er is gemeten."), field="measured_on")
    require_plausible(measured_on, "measured_on")
    today = timezone.localdate()
    if measured_on > today:
        raise RuleViolation(_("Een meting die nog moet komen kunt u niet vastleggen: de datum ligt "
                              "in de toekomst."), field="measured_on")
    opens = impact.opens_on(case, moment)
    if opens is not None and measured_on < opens:
        raise RuleViolation(
            _("Meting %(moment)s valt op %(due)s; vastleggen kan vanaf %(opens)s.")
            % {"moment": ImpactMoment(moment).label, "due": f"{impact.due_on(case, moment):%d-%m-%Y}",
               "opens": f"{opens:%d-%m-%Y}"}, field="measured_on")
    if moment != ImpactMoment.OTHER and case.impact_measurements.filter(moment=moment).exists():
        raise RuleViolation(_("Voor dit meetmoment is al een meting vastgelegd."), field="moment")
    if monitoring_moment is not None:
        if monitoring_moment.case_id != case.pk:
            raise RuleViolation(_("Dit monitoringsmoment hoort niet bij deze casus."),
                                field="monitoring_moment")
        if monitoring_moment.held_on is None:
            raise RuleViolation(_("Leg eerst het monitoringsmoment zelf vast; meet daarna."),
                                field="monitoring_moment")
        if ImpactMeasurement.objects.filter(monitoring_moment=monitoring_moment).exists():
            raise RuleViolation(_("Bij dit monitoringsmoment is al een meting vastgelegd."),
                                field="monitoring_moment")
        if measured_on != monitoring_moment.held_on:
            raise RuleViolation(
                _("Een meting bij het monitoringsmoment heeft de datum van dat moment (%(date)s).")
                % {"date": f"{monitoring_moment.held_on:%d-%m-%Y}"}, field="measured_on")
    if not isinstance(incidents, int) or incidents < 0:
        raise RuleViolation(_("Vul het aantal incidenten in: 0 of meer."), field="incidents")
    if incidents > impact.MAX_INCIDENTS:
        raise RuleViolation(_("Controleer het aantal incidenten: meer dan %(max)s is niet "
                              "aannemelijk.") % {"max": impact.MAX_INCIDENTS}, field="incidents")
    if severity not in IncidentSeverity.values:
        raise RuleViolation(_("Kies de ernst van de incidenten."), field="severity")
    if incidents == 0 and severity != IncidentSeverity.NONE:
        raise RuleViolation(_("Zonder incidenten is de ernst ‘geen incidenten’."), field="severity")
    if incidents > 0 and severity == IncidentSeverity.NONE:
        raise RuleViolation(_("Er waren incidenten: kies hoe ernstig het ergste was."),
                            field="severity")
    if not isinstance(new_reports, int) or new_reports < 0:
        raise RuleViolation(_("Vul het aantal nieuwe meldingen in: 0 of meer."), field="new_reports")
    if new_reports > impact.MAX_NEW_REPORTS:
        raise RuleViolation(_("Controleer het aantal nieuwe meldingen."), field="new_reports")
    if not _on_scale(professional_safety):
        raise RuleViolation(_("Geef een cijfer van 1 (zeer onveilig) tot en met 10 (volledig "
                              "veilig)."), field="professional_safety")
    members = dict(HouseholdMember.objects.filter(household_id=case.household_id)
                   .values_list("person_id", "role"))
    seen = set()
    for answer in experienced:
        if answer.person_id not in members or answer.person_id in seen:
            raise RuleViolation(_("Deze persoon hoort niet (of twee keer) bij dit huishouden."),
                                field=f"person_{answer.person_id}")
        seen.add(answer.person_id)
        if answer.score is not None:
            if not _on_scale(answer.score):
                raise RuleViolation(_("Geef een cijfer van 1 tot en met 10, of kies waarom het niet "
                                      "is gevraagd."), field=f"safety_{answer.person_id}")
            if answer.not_asked:
                raise RuleViolation(_("Een cijfer, of waarom het niet is gevraagd: niet allebei."),
                                    field=f"not_asked_{answer.person_id}")
        elif answer.not_asked not in NotAsked.values:
            raise RuleViolation(_("Geef een cijfer van 1 tot en met 10, of kies waarom het niet is "
                                  "gevraagd."), field=f"safety_{answer.person_id}")
    seen = set()
    for answer in child_help:
        if members.get(answer.child_id) != HouseholdRole.CHILD or answer.child_id in seen:
            raise RuleViolation(_("Hulp per kind: dit is geen kind uit dit huishouden."),
                                field=f"child_{answer.child_id}")
        seen.add(answer.child_id)
        if answer.started_on is not None:
            if not answer.help_started:
                raise RuleViolation(_("Een startdatum hoort bij hulp die is gestart."),
                                    field=f"help_on_{answer.child_id}")
            require_plausible(answer.started_on, f"help_on_{answer.child_id}")
            if answer.started_on > measured_on:
                raise RuleViolation(_("De hulp kan niet na de meting zijn gestart."),
                                    field=f"help_on_{answer.child_id}")
    measurement = ImpactMeasurement.objects.create(
        case=case, moment=moment, measured_on=measured_on, incidents=incidents, severity=severity,
        new_reports=new_reports, professional_safety=professional_safety,
        monitoring_moment=monitoring_moment, note=(note or "").strip(), recorded_by=actor.user,
        organisation=actor.organisation)
    ExperiencedSafety.objects.bulk_create([
        ExperiencedSafety(measurement=measurement, person_id=a.person_id, score=a.score,
                          not_asked="" if a.score is not None else a.not_asked)
        for a in experienced])
    ChildHelp.objects.bulk_create([
        ChildHelp(measurement=measurement, child_id=a.child_id, help_started=a.help_started,
                  started_on=a.started_on) for a in child_help])
    changed(actor, case, E.IMPACT_RECORDED,
            f"Impactmeting {ImpactMoment(moment).label} ({measured_on:%d-%m-%Y}): {incidents} "
            f"incident(en), {new_reports} nieuwe melding(en), veiligheid volgens de professionals "
            f"{professional_safety}/10.", persons=persons_of(case.household_id), detail=moment)
    return measurement


# --- The one plan -------------------------------------------------------------------------------


def current_plan(case: Case) -> PlanVersion | None:
    return case.plan_versions.order_by("-number").first()


@audit.atomic
def new_plan_version(actor: Actor, case: Case, *, note: str = "") -> PlanVersion:
    """A new version starts as a copy of the current one; earlier versions stay as they were."""
    case = _locked(case)
    require(actor, "cases.edit_plan", case)
    _require_open(case)
    previous = current_plan(case)
    version = PlanVersion.objects.create(case=case, number=(previous.number + 1) if previous else 1,
                                         created_by=actor.user, organisation=actor.organisation,
                                         note=(note or "").strip())
    if previous:
        for goal in previous.goals.prefetch_related("actions"):
            actions = list(goal.actions.all())
            goal.pk = None
            goal.version = version
            goal.save()
            for action in actions:
                action.origin_id = action.origin_id or action.pk
                action.pk = None
                action.goal = goal
                action.save()
    changed(actor, case, E.PLAN_VERSION, f"Plan versie {version.number} gemaakt. {version.note}",
            detail=f"v{version.number}")
    return version


def _editable(version: PlanVersion) -> None:
    if version.agreed_with_family_on:
        raise StateConflict("Deze versie is met het gezin afgesproken en ligt vast; maak een "
                            "nieuwe versie om iets te veranderen.")
    if current_plan(version.case).pk != version.pk:
        raise StateConflict("Alleen de nieuwste versie van het plan kan worden aangepast.")


@audit.atomic
def add_goal(actor: Actor, version: PlanVersion, *, part: str, text: str,
             child_text: str = "") -> PlanGoal:
    case = version.case
    require(actor, "cases.edit_plan", case)
    _require_open(case)
    _editable(version)
    if part not in PlanPart.values:
        raise RuleViolation("Kies het onderdeel van het plan.", field="part")
    if not (text or "").strip():
        raise RuleViolation("Beschrijf het doel.", field="text")
    goal = PlanGoal.objects.create(version=version, part=part, text=text.strip(),
                                   child_text=(child_text or "").strip(),
                                   position=version.goals.filter(part=part).count())
    changed(actor, case, E.PLAN_GOAL_ADDED,
            f"Doel toegevoegd aan plan versie {version.number} ({PlanPart(part).label.lower()}): "
            f"{goal.text}", detail=f"v{version.number}")
    return goal


@audit.atomic
def add_action(actor: Actor, goal: PlanGoal, *, text: str, owner_organisation: Organisation,
               owner: User | None, start_on: date, due_on: date,
               offer: Offer | None = None) -> PlanAction:
    """An action in the plan; ``offer``: the help it deploys, from the regional help catalogue
    (active, and offered in the household's municipality). Its waiting time goes into the journal,
    so whoever reads the plan sees what the family is waiting for."""
    case = goal.version.case
    require(actor, "cases.add_action", case)
    _require_open(case)
    _editable(goal.version)
    if not (text or "").strip():
        raise RuleViolation("Beschrijf de actie.", field="text")
    require_plausible(start_on, "start_on")
    require_plausible(due_on, "due_on")
    if due_on < start_on:
        raise RuleViolation("De einddatum ligt vóór de startdatum.", field="due_on")
    if active_participation(case, owner_organisation) is None:
        raise RuleViolation("De uitvoerende organisatie neemt niet deel aan deze casus.",
                            field="owner_organisation")
    if not relation(actor, case).makes_plan and owner_organisation.pk != actor.organisation.pk:
        raise RuleViolation("Uw organisatie voegt acties voor zichzelf toe; acties voor anderen "
                            "spreken de regisseur en het lokale team af.", field="owner_organisation")
    if owner and not works_with_client_data(owner, owner_organisation):
        raise RuleViolation("De uitvoerder werkt niet met cliëntgegevens bij de uitvoerende "
                            "organisatie.", field="owner")
    if offer is not None and not (
            offer.is_active and offer.provider.is_active
            and offer.municipalities.filter(pk=case.household.municipality_id).exists()):
        raise RuleViolation("Dit hulpaanbod is niet (meer) beschikbaar in de gemeente van het "
                            "gezin. Kies ander aanbod uit de sociale kaart.", field="offer")
    action = PlanAction.objects.create(goal=goal, text=text.strip(),
                                       owner_organisation=owner_organisation, owner=owner,
                                       start_on=start_on, due_on=due_on, offer=offer)
    wait = (f" Aanbod: {offer.title} ({offer.provider.name}), wachttijd {offer.waiting_weeks} "
            f"weken." if offer else "")
    changed(actor, case, E.PLAN_ACTION_ADDED,
            f"Actie toegevoegd voor {owner_organisation.name} (uiterlijk {due_on:%d-%m-%Y}): "
            f"{action.text}{wait}", detail=f"v{goal.version.number}")
    return action


@audit.atomic
def set_action_status(actor: Actor, action: PlanAction, status: str) -> PlanAction:
    case = action.goal.version.case
    require(actor, "cases.set_action_status", action)
    _require_open(case)
    if status not in ActionStatus.values:
        raise RuleViolation("Kies een status.", field="status")
    previous = action.status
    workflow.move(workflow.ACTION_STATUS, ActionStatus, previous, status, field="status")
    won = PlanAction.objects.filter(pk=action.pk, status=previous).update(status=status)
    if not won:
        raise StateConflict("Iemand anders wijzigde de status van deze actie net; bekijk de casus "
                            "opnieuw.", field="status")
    action.status = status
    changed(actor, case, E.PLAN_ACTION_STATUS,
            f"Actie ‘{action.text}’: {ActionStatus(previous).label} → {ActionStatus(status).label}.",
            detail=status)
    return action


@audit.atomic
def mark_plan_agreed(actor: Actor, version: PlanVersion, *, agreed_on: date) -> PlanVersion:
    case = version.case
    require(actor, "cases.edit_plan", case)
    _require_open(case)
    require_plausible(agreed_on, "agreed_on")
    if agreed_on > timezone.localdate():
        raise RuleViolation("Die datum ligt in de toekomst.", field="agreed_on")
    if not version.goals.exists():
        raise StateConflict("Een plan zonder doelen kan niet worden afgesproken.")
    version.agreed_with_family_on = agreed_on
    version.save(update_fields=["agreed_with_family_on"])
    changed(actor, case, E.PLAN_AGREED,
            f"Plan versie {version.number} met het gezin afgesproken op {agreed_on:%d-%m-%Y}.",
            persons=persons_of(case.household_id))
    return version


# --- Handovers of oversight of safety -------------------------------------------------------------


def _handover_contents(case: Case) -> dict:
    plan = current_plan(case)
    open_actions = (
        PlanAction.objects.filter(goal__version=plan, status__in=workflow.OPEN_ACTION_STATUSES)
        .values_list("text", flat=True) if plan else []
    )
    return {
        "conditions": list(case.conditions.filter(ended_at__isnull=True)
                           .values_list("text", flat=True)),
        "plan_version": plan.number if plan else None,
        "open_actions": list(open_actions),
        "phase": case.phase,
    }


def handover_targets(organisation_id):
    """The organisations oversight of safety can be handed to (never the offering one)."""
    return (Organisation.objects.filter(type__in=HANDOVER_RECEIVERS, is_active=True)
            .exclude(pk=organisation_id))


@audit.atomic
def offer_handover(actor: Actor, case: Case, *, to_organisation_id, note: str = "") -> Handover:
    """Offer oversight of safety to another organisation; the sender stays responsible until
    the receiver accepts."""
    case = _locked(case)
    require(actor, "cases.offer_handover", case)
    return _offer(actor, case, to_organisation_id=to_organisation_id, note=note)


def offer_handover_as_agreed(actor: Actor, case: Case, *, to_organisation_id,
                             note: str = "") -> Handover:
    """Offer oversight of safety on behalf of the responsible organisation, as agreed elsewhere.

    Not a step of its own: the Veiligheidsteam's triage acceptance (``conferences.decide_triage``)
    offers the handover that Veilig Thuis's referral asked for. The offer is the responsible
    organisation's, which may still withdraw it; the receiver accepts or declines as usual.
    """
    return _offer(actor, _locked(case), to_organisation_id=to_organisation_id, note=note)


def _offer(actor: Actor, case: Case, *, to_organisation_id, note: str) -> Handover:
    _require_open(case)
    sender = case.responsible_organisation
    receiver = Organisation.objects.filter(pk=to_organisation_id).first()
    if receiver is None:
        raise RuleViolation("Deze organisatie bestaat niet.", field="to_organisation")
    if not receiver.is_active or receiver.type not in HANDOVER_RECEIVERS:
        raise RuleViolation("Zicht op veiligheid kan alleen naar Veilig Thuis, een lokaal team, het "
                            "Veiligheidsteam of de jeugdbescherming.", field="to_organisation")
    if receiver.pk == sender.pk:
        raise RuleViolation("Uw organisatie is al verantwoordelijk." if sender == actor.organisation
                            else f"{sender.name} is al verantwoordelijk.", field="to_organisation")
    if case.handovers.filter(status=HandoverStatus.OFFERED).exists():
        raise StateConflict("Er staat al een overdracht open voor deze casus.",
                            field="to_organisation")
    handover = Handover.objects.create(case=case, from_organisation=sender,
                                       to_organisation=receiver, contents=_handover_contents(case),
                                       note=(note or "").strip(), offered_by=actor.user)
    # The receiver must be able to read what it is asked to take over.
    participate(actor, case, receiver, "Overdracht zicht op veiligheid aangeboden")
    changed(actor, case, E.HANDOVER_OFFERED,
            f"Overdracht van zicht op veiligheid aangeboden aan {receiver.name}.",
            detail=receiver.name)
    # Whoever at the receiver may accept it is told (after the commit); the text names no person.
    notifications.notify(
        NoticeKind.HANDOVER_OFFERED, text=f"Overdracht aangeboden voor casus {case.reference}",
        url=reverse("cases:case_detail", args=[case.pk]), key=f"handover:{handover.pk}",
        permission="cases.accept_handover", obj=handover, organisations=[receiver],
        exclude=actor.user, synthetic=case.is_synthetic)
    return handover


def _answerable(actor: Actor, handover: Handover, permission: str) -> Handover:
    handover = Handover.objects.select_related("case", "from_organisation",
                                               "to_organisation").get(pk=handover.pk)
    require(actor, permission, handover)
    _require_open(handover.case)
    return handover


def _move(actor: Actor, handover: Handover, to_status: str, **fields) -> Handover:
    """Move a handover to ``to_status`` along ``workflow.HANDOVER``: one conditional UPDATE from the
    states the table allows, so of two simultaneous answers exactly one wins."""
    sources = [s for s, targets in workflow.HANDOVER.items() if to_status in targets]
    won = Handover.objects.filter(pk=handover.pk, status__in=sources).update(
        status=to_status, responded_by=actor.user, responded_at=timezone.now(), **fields)
    handover.refresh_from_db()
    if not won:
        raise StateConflict(f"Deze overdracht is al {handover.get_status_display().lower()}.")
    return handover


@audit.atomic
def accept_handover(actor: Actor, handover: Handover) -> Handover:
    """Exactly one acceptance wins: the status moves from offered to accepted in one conditional
    UPDATE, and a second, simultaneous acceptance finds nothing left to change."""
    handover = _move(actor, _answerable(actor, handover, "cases.accept_handover"),
                     HandoverStatus.ACCEPTED)
    changed_case = Case.objects.filter(pk=handover.case_id,
                                       responsible_organisation_id=handover.from_organisation_id,
                                       status=CaseStatus.OPEN).update(
        responsible_organisation_id=handover.to_organisation_id)
    if not changed_case:
        raise StateConflict("De casus is intussen gewijzigd; de overdracht kan niet worden "
                            "geaccepteerd.")
    changed(actor, handover.case, E.HANDOVER_ACCEPTED,
            f"Zicht op veiligheid overgedragen van {handover.from_organisation.name} aan "
            f"{handover.to_organisation.name}.", detail=handover.from_organisation.name)
    return handover


@audit.atomic
def decline_handover(actor: Actor, handover: Handover, *, reason: str) -> Handover:
    handover = _answerable(actor, handover, "cases.decline_handover")
    if not (reason or "").strip():
        raise RuleViolation("Geef de reden om de overdracht af te wijzen.", field="reason")
    handover = _move(actor, handover, HandoverStatus.DECLINED, decline_reason=reason.strip())
    changed(actor, handover.case, E.HANDOVER_DECLINED,
            f"{handover.to_organisation.name} heeft de overdracht afgewezen: {reason.strip()} "
            f"{handover.from_organisation.name} blijft verantwoordelijk.")
    return handover


@audit.atomic
def withdraw_handover(actor: Actor, handover: Handover) -> Handover:
    handover = _move(actor, _answerable(actor, handover, "cases.withdraw_handover"),
                     HandoverStatus.WITHDRAWN)
    changed(actor, handover.case, E.HANDOVER_WITHDRAWN, "Overdracht ingetrokken.")
    return handover


# --- The child's voice ----------------------------------------------------------------------------


@audit.atomic
def record_child_voice(actor: Actor, case: Case, *, child, account: str,
                       wishes: str = "") -> ChildVoice:
    require(actor, "cases.record_child_voice", case)
    _require_open(case)
    is_child = case.household.members.filter(person=child, role="child").exists()
    if not is_child:
        raise RuleViolation("Kies een kind uit dit huishouden.", field="child")
    if not (account or "").strip():
        raise RuleViolation("Schrijf op wat het kind vertelt, zo veel mogelijk in eigen woorden.",
                            field="account")
    voice = ChildVoice.objects.create(case=case, child=child, account=account.strip(),
                                      wishes=(wishes or "").strip(), recorded_by=actor.user,
                                      source_organisation=actor.organisation)
    changed(actor, case, E.CHILD_VOICE, "Het verhaal en de wensen van een kind vastgelegd.",
            persons=[child])
    return voice


# --- Closure and recurrence -------------------------------------------------------------------------


@audit.atomic
def close_case(actor: Actor, case: Case, *, reason: str, note: str = "") -> Case:
    """Close with a reason. Pending handovers lapse; every participation except Veilig Thuis's ends
    (Veilig Thuis keeps the file); the last responsible organisation is remembered for recurrence."""
    case = _locked(case)
    require(actor, "cases.close", case)
    _require_open(case)
    workflow.move(workflow.CASE_STATUS, CaseStatus, case.status, CaseStatus.CLOSED)
    if reason not in ClosureReason.values:
        raise RuleViolation("Kies de reden van afsluiten.", field="reason")
    if reason == ClosureReason.OTHER and not (note or "").strip():
        raise RuleViolation("Licht de reden ‘anders’ toe.", field="note")
    now = timezone.now()
    lapsing = [s for s, targets in workflow.HANDOVER.items() if HandoverStatus.WITHDRAWN in targets]
    case.handovers.filter(status__in=lapsing).update(
        status=HandoverStatus.WITHDRAWN, responded_at=now, responded_by=actor.user)
    case.status = CaseStatus.CLOSED
    case.closed_at = now
    case.closure_reason = reason
    case.closure_note = (note or "").strip()
    case.last_responsible_organisation_id = case.responsible_organisation_id
    case.save()
    changed(actor, case, E.CLOSED,
            f"Casus gesloten: {ClosureReason(reason).label}. {case.closure_note}",
            persons=persons_of(case.household_id), detail=reason)
    case.participations.filter(ended_at__isnull=True).exclude(
        organisation__type=OrganisationType.VEILIG_THUIS).update(ended_at=now)
    return case


def note_new_report(actor: Actor, report) -> Recurrence | None:
    """A report about a household whose case closed in the last 18 months is a recurrence: linked
    to the earlier case and signalled to the organisation that was last responsible.

    Called by the intake when it registers a report (``intake.register_report`` was required
    there); the earlier case's time line shows the new report by its reference only (its content
    is Veilig Thuis's own record)."""
    if report.household_id is None:
        return None
    since = timezone.now() - timedelta(days=RECURRENCE_WINDOW_DAYS)
    previous = (
        Case.objects.filter(household_id=report.household_id, status=CaseStatus.CLOSED,
                            closed_at__gte=since)
        .select_related("last_responsible_organisation", "responsible_organisation")
        .order_by("-closed_at")
        .first()
    )
    if previous is None:
        return None
    signalled_to = previous.last_responsible_organisation or previous.responsible_organisation
    recurrence, created = Recurrence.objects.get_or_create(
        report=report, defaults={"previous_case": previous, "signalled_to": signalled_to})
    if created:
        changed(actor, previous, E.RECURRENCE,
                f"Nieuwe melding {report.reference} binnen 18 maanden na afsluiten; gesignaleerd "
                f"aan {signalled_to.name}.", detail=report.reference)
        # The signal is on "Mijn casussen en signalen" of the organisation last responsible.
        notifications.notify(
            NoticeKind.RECURRENCE,
            text=f"Herhaling: een nieuwe melding binnen 18 maanden na afsluiten van casus "
                 f"{previous.reference}", url=reverse("cases:my_cases"),
            key=f"recurrence:{recurrence.pk}", permission="cases.acknowledge_recurrence",
            obj=recurrence, organisations=[signalled_to], exclude=actor.user,
            synthetic=previous.is_synthetic)
    return recurrence


# --- Deadlines that pass: daily checks (notifications.services.register_due_check) ---------------


def notify_monitoring_due(today: date) -> int:
    """Monitoring moments due today or missed, not yet held, of open cases: told once per moment
    to Veilig Thuis's monitors taking part (``cases.record_monitoring``)."""
    moments = (MonitoringMoment.objects.filter(planned_on__lte=today, held_on__isnull=True,
                                               case__status=CaseStatus.OPEN)
               .select_related("case").order_by("planned_on", "pk"))
    count = 0
    for moment in moments:
        case = moment.case
        organisations = Organisation.objects.filter(
            type=OrganisationType.VEILIG_THUIS, participations__case=case,
            participations__ended_at__isnull=True)
        notifications.notify(
            NoticeKind.MONITORING_DUE,
            text=f"Monitoringsmoment van {moment.planned_on:%d-%m-%Y} voor casus {case.reference}",
            url=reverse("cases:case_detail", args=[case.pk]), key=f"monitoring:{moment.pk}",
            permission="cases.record_monitoring", obj=case, organisations=list(organisations),
            roles=[Role.VT_MONITOR], synthetic=case.is_synthetic)
        count += 1
    return count


def notify_actions_overdue(today: date) -> int:
    """Open actions of the current plan past their date: told once per action (a new version's
    copy is the same action) to its owner, or else to its organisation's coordinators and
    local-team workers (``cases.set_action_status``)."""
    current = (PlanVersion.objects.filter(case_id=OuterRef("goal__version__case_id"))
               .order_by("-number").values("pk")[:1])
    actions = (PlanAction.objects.filter(due_on__lt=today, status__in=workflow.OPEN_ACTION_STATUSES,
                                         goal__version__case__status=CaseStatus.OPEN)
               .annotate(current=Subquery(current)).filter(goal__version_id=F("current"))
               .select_related("goal__version__case", "owner", "owner_organisation")
               .order_by("due_on", "pk"))
    count = 0
    for action in actions:
        case = action.goal.version.case
        named = {"users": [action.owner], "user_organisation": action.owner_organisation} \
            if action.owner_id else {"organisations": [action.owner_organisation],
                                     "roles": COORDINATOR_ROLES}
        notifications.notify(
            NoticeKind.ACTION_OVERDUE,
            text=f"Een actie uit het plan van casus {case.reference} is over tijd (uiterlijk "
                 f"{action.due_on:%d-%m-%Y})", url=reverse("cases:case_detail", args=[case.pk]),
            key=f"action_overdue:{action.origin_id or action.pk}",
            permission="cases.set_action_status", obj=action, synthetic=case.is_synthetic,
            **named)
        count += 1
    return count


@audit.atomic
def acknowledge_recurrence(actor: Actor, recurrence: Recurrence) -> Recurrence:
    """The signalled organisation has seen the recurrence; it leaves their signals."""
    require(actor, "cases.acknowledge_recurrence", recurrence)
    # Conditional UPDATE: of two marks (a double click, a stale instance) only the first is written.
    now = timezone.now()
    if Recurrence.objects.filter(pk=recurrence.pk, seen_at__isnull=True).update(seen_at=now):
        recurrence.seen_at = now
        changed(actor, recurrence.previous_case, E.RECURRENCE_SEEN,
                f"Signaal over de nieuwe melding {recurrence.report.reference} gezien door "
                f"{actor.organisation.name}.", detail=recurrence.report.reference)
    else:
        recurrence.refresh_from_db(fields=["seen_at"])
    return recurrence
