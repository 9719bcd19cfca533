"""Read side of the case file: work queues and signals, derived from stored dates.

Deadlines are data: nothing here needs a scheduled job to know what is overdue. Every queue is
scoped to the acting organisation through ``cases.permissions`` and keeps a fixed number of queries
however many rows it returns (the select/prefetch choices are written next to each query).

``CaseFile`` is the one read model of a whole case: the case page (``cases.pages.CasePage`` adds
what only a screen needs) and ``GET /api/v1/cases/{id}/`` both read it, so the two cannot disagree.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from statistics import median

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.utils import timezone

from eendak.catalogue.models import Offer
from eendak.core.permissions import subject_of
from eendak.core.roles import Capability, OrganisationType
from eendak.core.workdays import add_months

from . import impact
from .models import (
    Case,
    CasePerson,
    CasePersonRole,
    CaseStatus,
    ChildHelp,
    ConditionCheck,
    Document,
    ExperiencedSafety,
    Handover,
    HandoverStatus,
    ImpactMeasurement,
    ImpactMoment,
    MonitoringMoment,
    Participation,
    PlanAction,
    PlanGoal,
    PlanVersion,
    Recurrence,
    SafetyCondition,
    Shield,
)
from .permissions import visible_cases, visible_journal
from .workflow import OPEN_ACTION_STATUSES, ActionStatus

SIGNAL_HORIZON_DAYS = 14
LIMIT_WARNING_DAYS = 30


def _org_id(user):
    return subject_of(user).organisation_id


def active_participation(case: Case, organisation) -> Participation | None:
    """The organisation's participation in the case while it lasts (at most one: a constraint)."""
    if organisation is None:
        return None
    return Participation.objects.filter(case=case, organisation=organisation,
                                        ended_at__isnull=True).first()


def my_cases(user, *, include_closed: bool = False):
    """Cases the acting organisation takes part in (open ones unless ``include_closed``)."""
    org_id = _org_id(user)
    if org_id is None:
        return Case.objects.none()
    statuses = [CaseStatus.OPEN, CaseStatus.CLOSED] if include_closed else [CaseStatus.OPEN]
    # One query: household and responsible organisation joined; participants prefetched once.
    return (
        visible_cases(user)
        .filter(status__in=statuses, participations__organisation_id=org_id,
                participations__ended_at__isnull=True)
        .select_related("household__municipality", "responsible_organisation", "coordinator")
        .prefetch_related(Prefetch("participations",
                                   queryset=Participation.objects.filter(ended_at__isnull=True)
                                   .select_related("organisation")))
        .order_by("-opened_at")
        .distinct()
    )


def current_plan_number():
    """For a plan-action queryset: the number of its case's newest plan version, so a filter on it
    keeps each action once (earlier versions hold copies of it)."""
    latest = (PlanVersion.objects.filter(case=OuterRef("goal__version__case"))
              .order_by("-number").values("number")[:1])
    return Subquery(latest)


def my_actions(user):
    """Open plan actions the user owns, in the current version of each open case's plan."""
    return (
        PlanAction.objects.filter(owner=user, status__in=OPEN_ACTION_STATUSES,
                                  goal__version__case__status=CaseStatus.OPEN,
                                  goal__version__case__in=visible_cases(user))
        .filter(goal__version__number=current_plan_number())
        .select_related("goal__version__case", "owner_organisation")
        .order_by("due_on")
    )


def handovers_offered_to(user):
    """Handovers offered to the acting organisation that wait for its acceptance, oldest first: the
    "Overdracht wacht op uw acceptatie" signals, as a queryset (the start page counts it)."""
    org_id = _org_id(user)
    if org_id is None or not subject_of(user).has(Capability.CLIENT_DATA):
        return Handover.objects.none()
    return (Handover.objects.filter(status=HandoverStatus.OFFERED, to_organisation_id=org_id)
            .select_related("case", "from_organisation").order_by("offered_at", "pk"))


@dataclass
class Signal:
    kind: str
    label: str
    case: Case
    due: date | None
    overdue: bool
    detail: str = ""


@dataclass(frozen=True)
class SignalContext:
    """What a signal source needs: whose signals, and which open cases they may be about."""

    org_id: int
    is_veilig_thuis: bool
    visible: object  # the open cases the organisation may see (a queryset, one case on a case page)
    today: date


# Apps above cases add signals of their own (the intake: joint first conversations not yet held),
# registered in their AppConfig.ready, so this module imports none of them.
_SIGNAL_SOURCES: dict[str, Callable[[SignalContext], list[Signal]]] = {}


def register_signal_source(name: str, source: Callable[[SignalContext], list[Signal]]) -> None:
    _SIGNAL_SOURCES[name] = source


# Cases whose coordination runs until stable safety rather than to the generic limit
# (``EENDAK_COORDINATION_MAX_MONTHS``): the Veiligheidsteam's families. Each source gives a queryset
# of case ids; registered by the app that knows (``conferences``), so this module imports none.
_OPEN_ENDED_COORDINATION: dict[str, Callable[[], object]] = {}


def register_open_ended_coordination(name: str, case_ids: Callable[[], object]) -> None:
    _OPEN_ENDED_COORDINATION[name] = case_ids


IMPACT_SIGNAL_MOMENTS = (ImpactMoment.T12, ImpactMoment.T18)


def impact_due(visible, org_id: int, today: date) -> list[Signal]:
    """The impact measurements T12 and T18 (``cases.impact``) whose window is open and that are not
    recorded, in the cases Veilig Thuis takes part in (who records them: ``cases.record_impact``).

    ``visible`` holds closed cases too: the 18-month measurement follows the family after the file
    closed, and closing keeps Veilig Thuis's part (``services.close_case``), so a case closed at 10
    months still asks for T12 and T18. A closed case is followed until T18's window has passed (an
    open one until it is measured), so the candidates stay the cases of the last 19 months and
    the open ones, not every case ever closed.

    One query, however many cases: the candidates are the cases opened long enough ago for T12's
    window to be open, with whether each moment is recorded annotated; the dates are worked out
    here, as the case page does (``impact.schedule``)."""
    earliest = today + timedelta(days=impact.WINDOW_DAYS)
    cutoff = add_months(earliest, -12) + timedelta(days=1)  # a superset; each date checked below
    # A closed case opened before this cannot still be in T18's window (a superset: checked below).
    followed_from = add_months(today - timedelta(days=impact.WINDOW_DAYS), -18) - timedelta(days=1)
    recorded = {moment: Exists(ImpactMeasurement.objects.filter(case=OuterRef("pk"), moment=moment))
                for moment in IMPACT_SIGNAL_MOMENTS}
    candidates = (visible.filter(participations__organisation_id=org_id,
                                 participations__ended_at__isnull=True,
                                 opened_at__date__lt=cutoff)
                  .filter(Q(status=CaseStatus.OPEN) | Q(opened_at__date__gte=followed_from))
                  .annotate(**{f"has_{m.lower()}": e for m, e in recorded.items()})
                  .filter(Q(has_t12=False) | Q(has_t18=False)).distinct())
    found = []
    for case in candidates:
        if (case.status == CaseStatus.CLOSED
                and today > impact.due_on(case, ImpactMoment.T18) + timedelta(days=impact.WINDOW_DAYS)):
            continue  # closed, and T18's window has passed: the family is no longer followed
        for moment in IMPACT_SIGNAL_MOMENTS:
            if getattr(case, f"has_{moment.lower()}"):
                continue
            due = impact.due_on(case, moment)
            if today < due - timedelta(days=impact.WINDOW_DAYS):
                continue  # its window is not open yet
            latest = due + timedelta(days=impact.WINDOW_DAYS)
            found.append(Signal("impact_due", f"Impactmeting {ImpactMoment(moment).label}", case,
                                latest, today > latest, f"meetdatum {due:%d-%m-%Y}"))
    return found


def signals(user, today: date | None = None, case: Case | None = None) -> list[Signal]:
    """Everything that needs attention from the acting organisation, most urgent first.

    ``case`` narrows it to one case (the case page), so a large organisation's other signals are
    not computed for nothing. Roles without client data get no signals: even a case reference
    tells them who is known.
    """
    today = today or timezone.localdate()
    subject = subject_of(user)
    org_id = subject.organisation_id
    if org_id is None or not subject.has(Capability.CLIENT_DATA):
        return []
    is_vt = subject.membership.organisation.type == OrganisationType.VEILIG_THUIS
    followed = visible_cases(user)  # open and closed: the impact measurements follow the family
    if case is not None:
        followed = followed.filter(pk=case.pk)
    visible = followed.filter(status=CaseStatus.OPEN)
    horizon = today + timedelta(days=SIGNAL_HORIZON_DAYS)
    found: list[Signal] = []

    if is_vt:
        for moment in (MonitoringMoment.objects.filter(case__in=visible, held_on__isnull=True,
                                                       planned_on__lte=horizon)
                       .select_related("case").order_by("planned_on")):
            found.append(Signal("monitoring_due", "Monitoringsmoment", moment.case,
                                moment.planned_on, moment.planned_on < today))
        found.extend(impact_due(followed, org_id, today))
        # The same window in which the limit may be decided on (cases.workflow.monitoring_state).
        warn = today + timedelta(days=settings.EENDAK_MONITORING_DECISION_WINDOW_DAYS)
        for limited in visible.filter(monitoring_until__lte=warn):
            found.append(Signal("monitoring_limit", "Monitoring 18 maanden: sluiten, verlengen of "
                                "opschalen", limited, limited.monitoring_until,
                                limited.monitoring_until < today))

    for action in (PlanAction.objects.filter(owner_organisation_id=org_id,
                                             goal__version__case__in=visible,
                                             status__in=OPEN_ACTION_STATUSES,
                                             due_on__lt=today)
                   .filter(goal__version__number=current_plan_number())
                   .select_related("goal__version__case")):
        found.append(Signal("action_overdue", "Actie over tijd", action.goal.version.case,
                            action.due_on, True, action.text))

    for handover in (Handover.objects.filter(status=HandoverStatus.OFFERED,
                                             **({"case": case} if case is not None else {}))
                     .filter(Q(to_organisation_id=org_id) | Q(from_organisation_id=org_id))
                     .select_related("case", "from_organisation", "to_organisation")):
        waiting_on_us = handover.to_organisation_id == org_id
        found.append(Signal(
            "handover_waiting",
            "Overdracht wacht op uw acceptatie" if waiting_on_us else "Overdracht wacht op "
            f"{handover.to_organisation.name}",
            handover.case, timezone.localtime(handover.offered_at).date(), False,
            handover.from_organisation.name if waiting_on_us else ""))

    coordination_limit = settings.EENDAK_COORDINATION_MAX_MONTHS
    coordinated_cases = visible.filter(coordinator_since__isnull=False)
    for case_ids in _OPEN_ENDED_COORDINATION.values():
        coordinated_cases = coordinated_cases.exclude(pk__in=case_ids())
    for coordinated in (coordinated_cases
                 .filter(participations__organisation_id=org_id,
                         participations__ended_at__isnull=True)
                 .distinct()):
        limit = add_months(coordinated.coordinator_since, coordination_limit)
        if limit <= today + timedelta(days=LIMIT_WARNING_DAYS):
            found.append(Signal("coordination_limit", "Coördinatie 18 maanden", coordinated, limit,
                                limit < today))

    for source in _SIGNAL_SOURCES.values():
        found.extend(source(SignalContext(org_id=org_id, is_veilig_thuis=is_vt, visible=visible,
                                          today=today)))

    recurrences = Recurrence.objects.filter(signalled_to_id=org_id, seen_at__isnull=True)
    if case is not None:
        recurrences = recurrences.filter(previous_case=case)
    for recurrence in (recurrences
                       .select_related("previous_case", "report")):
        found.append(Signal("recurrence", "Nieuwe melding na afsluiten (herhaling)",
                            recurrence.previous_case,
                            timezone.localtime(recurrence.created_at).date(), False,
                            recurrence.report.reference))

    found.sort(key=lambda s: (not s.overdue, s.due or date.max))
    return found


# --- The household in one file ----------------------------------------------------------------------


@dataclass
class PersonRow:
    """A household member as the acting organisation may see them in this file."""

    member: object  # persons.HouseholdMember
    case_role: str  # CasePersonRole code, "" when none
    masked_bsn: str
    shielded: bool  # address and contact details hidden from the acting organisation
    shielded_from: list[str] = field(default_factory=list)  # for the others: hidden from whom

    @property
    def person(self):
        return self.member.person

    @property
    def case_role_label(self) -> str:
        return CasePersonRole(self.case_role).label if self.case_role else ""

    @property
    def address(self) -> str:
        return "" if self.shielded else self.member.person.address


def case_person_rows(case: Case, organisation_id) -> list[PersonRow]:
    """The case page and the case API both show the household through this, in three queries:
    members with person and BSN record (a missing PersonBSN is cached as absent by select_related,
    so the masked BSN costs nothing more), case roles, shields. A person shielded from the acting
    organisation is marked here, before any template or serializer sees the address."""
    from eendak.persons.models import HouseholdMember
    from eendak.persons.services import masked_bsn

    members = list(HouseholdMember.objects.filter(household_id=case.household_id)
                   .select_related("person", "person__bsn")
                   .order_by("role", "person__date_of_birth", "person_id"))
    roles = dict(CasePerson.objects.filter(case=case).values_list("person_id", "role"))
    shields = list(Shield.objects.filter(case=case).select_related("hidden_from"))
    hidden_here = {s.person_id for s in shields if s.hidden_from_id == organisation_id}
    rows = []
    for member in members:
        shielded = member.person_id in hidden_here
        rows.append(PersonRow(
            member=member, case_role=roles.get(member.person_id, ""),
            masked_bsn=masked_bsn(member.person), shielded=shielded,
            # Who else it is hidden from says something only to those who may see it.
            shielded_from=[] if shielded else sorted(
                s.hidden_from.name for s in shields if s.person_id == member.person_id)))
    return rows


# --- One case, whole: the read model of the case page and of GET /cases/{id}/ ------------------------


def visible_case(who, pk) -> Case | None:
    """The case if the acting organisation may see it (``cases.view_case``), else None.

    One query: ``visible_cases`` is the rule behind the permission, so filtering on it *is* the
    permission check; the single-valued relations every view of a case shows ride along as joins.
    """
    return (visible_cases(who).filter(pk=pk)
            .select_related("household__municipality", "responsible_organisation", "coordinator",
                            "last_responsible_organisation")
            .first())


def conditions_with_latest_check(case: Case):
    """The case's safety conditions, each with the status, note and date of its latest check (the
    most recent moment held; of two on one day, the later planned one): three correlated subqueries
    in the same SELECT, so one query however many monitoring moments there were."""
    latest = (ConditionCheck.objects.filter(condition=OuterRef("pk"), moment__held_on__isnull=False)
              .order_by("-moment__held_on", "-moment__planned_on", "-pk"))
    return (SafetyCondition.objects.filter(case=case).select_related("set_by")
            .annotate(latest_status=Subquery(latest.values("status")[:1]),
                      latest_note=Subquery(latest.values("note")[:1]),
                      latest_on=Subquery(latest.values("moment__held_on")[:1]))
            .order_by("set_at", "pk"))


class CaseFile:
    """Every part of one household's file as the acting organisation may see it.

    However long a file grows, reading it costs the same number of queries: every collection is one
    query (joins for the single-valued relations beside it, a prefetch for a nested collection),
    never one per row, and each part is fetched once, when first used (``cached_property``), so a
    screen that shows less costs less. The journal, the one part that grows without limit, is not in
    it: the page shows its latest entries, the API has its own paginated endpoint. The budget:

        persons        members + person + BSN record (1), case roles (1), shields (1)
        phase_changes  1     participations 1     handovers 1
        conditions     1 (latest status as subqueries in the same SELECT)
        monitoring     moments (1) + their checks with condition (1), decisions (1)
        impact         measurements (1) + experienced safety (1) + children's help (1)
        plan           versions (1); the current one's goals (1) and their actions (1)
        signals        ``signals``: a fixed number, narrowed to this case
        child_voices   1     documents 1 (the journal's visibility as a subquery)

    Nothing here writes or logs: the view that shows it logs what it shows.
    """

    def __init__(self, user, case: Case, *, today=None):
        self.user = user
        self.case = case
        self.today = today
        self.organisation_id = subject_of(user).organisation_id

    # --- Persons ---

    @cached_property
    def persons(self) -> list["PersonRow"]:
        return case_person_rows(self.case, self.organisation_id)

    @property
    def person_ids(self) -> list[int]:
        return [row.member.person_id for row in self.persons]

    @property
    def children(self) -> list:
        return [row.person for row in self.persons if row.member.role == "child"]

    # --- Who takes part, who is responsible ---

    @cached_property
    def participations(self) -> list[Participation]:
        # Active and ended, one query; ended ones stay as history.
        return list(self.case.participations.select_related("organisation")
                    .order_by("ended_at", "started_at", "id"))

    @property
    def active_participations(self) -> list[Participation]:
        return [p for p in self.participations if p.ended_at is None]

    @property
    def ended_participations(self) -> list[Participation]:
        return [p for p in self.participations if p.ended_at is not None]

    @cached_property
    def phase_changes(self) -> list:
        return list(self.case.phase_changes.select_related("decided_by", "organisation"))

    @cached_property
    def handovers(self) -> list[Handover]:
        return list(self.case.handovers.select_related("from_organisation", "to_organisation",
                                                       "offered_by", "responded_by"))

    @property
    def pending_handover(self) -> Handover | None:
        return next((h for h in self.handovers if h.status == HandoverStatus.OFFERED), None)

    # --- Conditions and monitoring ---

    @cached_property
    def conditions(self) -> list[SafetyCondition]:
        return list(conditions_with_latest_check(self.case))

    @property
    def active_conditions(self) -> list[SafetyCondition]:
        return [c for c in self.conditions if c.ended_at is None]

    @cached_property
    def monitoring_moments(self) -> list[MonitoringMoment]:
        # Two queries: the moments, and all their checks with the condition's text.
        return list(self.case.monitoring_moments.select_related("recorded_by").prefetch_related(
            Prefetch("checks", queryset=ConditionCheck.objects.select_related("condition")
                     .order_by("condition__set_at", "condition_id"))))

    @property
    def open_moments(self) -> list[MonitoringMoment]:
        return [m for m in self.monitoring_moments if m.held_on is None]

    @cached_property
    def monitoring_decisions(self) -> list:
        return list(self.case.monitoring_decisions.select_related("decided_by")
                    .order_by("decided_at", "id"))

    # --- Impact monitoring ---

    @cached_property
    def impact_measurements(self) -> list:
        """The impact measurements, oldest first, with who recorded them, the monitoring moment,
        each family member's experienced safety and each child's help: three queries however
        many."""
        return list(self.case.impact_measurements.select_related(
            "recorded_by", "organisation", "monitoring_moment").prefetch_related(
            Prefetch("experienced", queryset=ExperiencedSafety.objects.select_related("person")
                     .order_by("person__date_of_birth", "person_id")),
            Prefetch("child_help", queryset=ChildHelp.objects.select_related("child")
                     .order_by("child__date_of_birth", "child_id"))))

    @property
    def impact_schedule(self) -> list:
        """T0, T12 and T18 with their dates and whether they were measured (no query)."""
        return impact.schedule(self.case, self.impact_measurements, self.today)

    # --- The plan ---

    @cached_property
    def plan_versions(self) -> list[PlanVersion]:
        return list(self.case.plan_versions.select_related("created_by", "organisation"))

    @cached_property
    def current_plan(self) -> PlanVersion | None:
        """The newest version, with its goals and their actions prefetched (two queries)."""
        if not self.plan_versions:
            return None
        plan = self.plan_versions[-1]
        prefetch_related_objects([plan], Prefetch("goals", queryset=PlanGoal.objects.prefetch_related(
            Prefetch("actions", queryset=PlanAction.objects.select_related(
                "owner_organisation", "owner", "offer__provider")))))
        return plan

    @property
    def goals(self) -> list[PlanGoal]:
        plan = self.current_plan
        return list(plan.goals.all()) if plan is not None else []

    @property
    def actions(self) -> list[PlanAction]:
        return [a for g in self.goals for a in g.actions.all()]

    @property
    def open_actions(self) -> list[PlanAction]:
        return [a for a in self.actions if a.status in OPEN_ACTION_STATUSES]

    # --- What is due, the child's voice, documents ---

    @cached_property
    def signals(self) -> list[Signal]:
        # ``signals`` is the one place the deadlines are computed; narrowed to this case.
        return signals(self.user, self.today, case=self.case)

    @cached_property
    def child_voices(self) -> list:
        return list(self.case.child_voices.select_related("child", "recorded_by",
                                                          "source_organisation"))

    @cached_property
    def documents(self) -> list[Document]:
        # A document is visible with the journal entry that brought it in (``cases.view_document``
        # is defined that way), so the same rule selects them here: one query with a subquery.
        visible = visible_journal(self.user, self.case).filter(document__isnull=False)
        return list(Document.objects.filter(case=self.case, pk__in=visible.values("document_id"))
                    .select_related("uploaded_by", "source_organisation")
                    .order_by("-uploaded_at", "-id"))


# --- What the case file tells the persons screens (registered in CasesConfig.ready) ---------------


def cases_of_households(household_ids, *, open_only: bool = False) -> dict[int, list]:
    """The cases of these households, newest first, with the responsible organisation and who takes
    part now (``active_participations``): two queries for any number of households."""
    cases = (Case.objects.filter(household_id__in=household_ids)
             .select_related("responsible_organisation")
             .prefetch_related(Prefetch(
                 "participations", to_attr="active_participations",
                 queryset=Participation.objects.filter(ended_at__isnull=True)
                 .select_related("organisation").order_by("organisation__name")))
             .order_by("-opened_at", "-id"))
    if open_only:
        cases = cases.filter(status=CaseStatus.OPEN)
    found: dict[int, list] = {}
    for case in cases:
        found.setdefault(case.household_id, []).append(case)
    return found


def shielded_persons(organisation_id, person_ids) -> set[int]:
    """Which of these persons have their address shielded from this organisation in a case."""
    return set(Shield.objects.filter(hidden_from_id=organisation_id, person_id__in=person_ids)
               .values_list("person_id", flat=True))


# --- Demand for the help catalogue's offers --------------------------------------------------------


def offer_demand(*, municipality_id=None, today=None) -> list[dict]:
    """Per offer of the help catalogue: the plan actions waiting for it (open, in the current plan
    version of an open case) and how long they wait past their planned start (median days), beside
    the offer's capacity and the waiting time its provider gives — where demand exceeds supply
    ("is the help sufficiently present"). Counts only, no persons."""
    today = today or timezone.localdate()
    current = PlanVersion.objects.filter(case_id=OuterRef("goal__version__case_id")).order_by(
        "-number").values("pk")[:1]
    waiting = (PlanAction.objects.filter(offer__isnull=False, status=ActionStatus.OPEN,
                                         goal__version__case__status=CaseStatus.OPEN)
               .annotate(current_version=Subquery(current))
               .filter(goal__version_id=F("current_version")))
    if municipality_id:
        waiting = waiting.filter(goal__version__case__household__municipality_id=municipality_id)
    per_offer: dict[int, list[int]] = {}
    for offer_id, start_on in waiting.values_list("offer_id", "start_on"):
        per_offer.setdefault(offer_id, []).append(max((today - start_on).days, 0))
    offers = Offer.objects.filter(pk__in=list(per_offer)).select_related("provider")
    rows = []
    for offer in offers:
        waits = per_offer[offer.pk]
        rows.append({"offer": offer, "waiting": len(waits),
                     "median_days_waiting": median(waits) if waits else None,
                     "capacity": offer.capacity, "waiting_weeks": offer.waiting_weeks,
                     "exceeds": offer.capacity is not None and len(waits) > offer.capacity})
    rows.sort(key=lambda r: (-r["waiting"], r["offer"].title))
    return rows
