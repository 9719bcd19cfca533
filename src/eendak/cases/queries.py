"""Read side of the case file: work queues and signals, derived from stored dates.

Deadlines are data: nothing here needs a scheduled job to know what is overdue. Every queue is
scoped to the acting organisation through ``eendak.authz`` and keeps a fixed number of queries
however many rows it returns (the select/prefetch choices are written next to each query).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from eendak import authz
from eendak.core.roles import OrganisationType
from eendak.core.workdays import add_months

from .models import (
    ActionStatus,
    Case,
    CasePerson,
    CasePersonRole,
    CaseStatus,
    Handover,
    HandoverStatus,
    MonitoringMoment,
    Participation,
    PlanAction,
    PlanVersion,
    Recurrence,
    Shield,
)

SIGNAL_HORIZON_DAYS = 14
LIMIT_WARNING_DAYS = 30


def _org_id(user):
    membership = authz.acting_membership(user)
    return membership.organisation_id if membership else None


def my_cases(user, *, include_closed: bool = False):
    """Cases the acting organisation takes part in (open ones unless ``include_closed``)."""
    org_id = _org_id(user)
    if org_id is None:
        return Case.objects.none()
    statuses = [CaseStatus.OPEN, CaseStatus.CLOSED] if include_closed else [CaseStatus.OPEN]
    # One query: household and responsible organisation joined; participants prefetched once.
    return (
        authz.visible_cases(user)
        .filter(status__in=statuses, participations__organisation_id=org_id,
                participations__ended_at__isnull=True)
        .select_related("household__municipality", "responsible_organisation", "coordinator")
        .prefetch_related(Prefetch("participations",
                                   queryset=Participation.objects.filter(ended_at__isnull=True)
                                   .select_related("organisation")))
        .order_by("-opened_at")
        .distinct()
    )


def _current_versions():
    latest = (PlanVersion.objects.filter(case=OuterRef("goal__version__case"))
              .order_by("-number").values("number")[:1])
    return Subquery(latest)


def my_actions(user):
    """Open plan actions the user owns, in the current version of each open case's plan."""
    return (
        PlanAction.objects.filter(owner=user, status__in=[ActionStatus.OPEN,
                                                          ActionStatus.IN_PROGRESS],
                                  goal__version__case__status=CaseStatus.OPEN,
                                  goal__version__case__in=authz.visible_cases(user))
        .filter(goal__version__number=_current_versions())
        .select_related("goal__version__case", "owner_organisation")
        .order_by("due_on")
    )


@dataclass
class Signal:
    kind: str
    label: str
    case: Case
    due: date | None
    overdue: bool
    detail: str = ""


def signals(user, today: date | None = None, case: Case | None = None) -> list[Signal]:
    """Everything that needs attention from the acting organisation, most urgent first.

    ``case`` narrows it to one case (the case page), so a large organisation's other signals are
    not computed for nothing. Roles without client data get no signals: even a case reference
    tells them who is known.
    """
    today = today or timezone.localdate()
    org_id = _org_id(user)
    membership = authz.acting_membership(user)
    if org_id is None or not authz.has_capability(user, "client_data"):
        return []
    is_vt = membership.organisation.type == OrganisationType.VEILIG_THUIS
    visible = authz.visible_cases(user).filter(status=CaseStatus.OPEN)
    if case is not None:
        visible = visible.filter(pk=case.pk)
    horizon = today + timedelta(days=SIGNAL_HORIZON_DAYS)
    found: list[Signal] = []

    if is_vt:
        for moment in (MonitoringMoment.objects.filter(case__in=visible, held_on__isnull=True,
                                                       planned_on__lte=horizon)
                       .select_related("case").order_by("planned_on")):
            found.append(Signal("monitoring_due", "Monitoringsmoment", moment.case,
                                moment.planned_on, moment.planned_on < today))
        warn = today + timedelta(days=LIMIT_WARNING_DAYS)
        for limited in visible.filter(monitoring_until__lte=warn):
            found.append(Signal("monitoring_limit", "Monitoring 18 maanden: sluiten, verlengen of "
                                "opschalen", limited, limited.monitoring_until,
                                limited.monitoring_until < today))

    for action in (PlanAction.objects.filter(owner_organisation_id=org_id,
                                             goal__version__case__in=visible,
                                             status__in=[ActionStatus.OPEN,
                                                         ActionStatus.IN_PROGRESS],
                                             due_on__lt=today)
                   .filter(goal__version__number=_current_versions())
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
    for coordinated in (visible.filter(coordinator_since__isnull=False)
                 .filter(participations__organisation_id=org_id,
                         participations__ended_at__isnull=True)
                 .distinct()):
        limit = add_months(coordinated.coordinator_since, coordination_limit)
        if limit <= today + timedelta(days=LIMIT_WARNING_DAYS):
            found.append(Signal("coordination_limit", "Coördinatie 18 maanden", coordinated, limit,
                                limit < today))

    from eendak.intake.models import JointConversation

    conversations = JointConversation.objects.filter(held_at__isnull=True,
                                                     report__household__isnull=False)
    if is_vt:
        conversations = conversations.filter(report__organisation_id=org_id)
    else:
        conversations = conversations.filter(local_team_id=org_id)
    conversations = list(conversations.select_related("report"))
    cases_by_household = {c.household_id: c for c in visible.filter(
        household_id__in=[c.report.household_id for c in conversations])}
    for conversation in conversations:
        conversation_case = cases_by_household.get(conversation.report.household_id)
        if conversation_case is None:
            continue
        planned = (timezone.localtime(conversation.planned_for).date()
                   if conversation.planned_for else None)
        found.append(Signal("joint_conversation", "Gezamenlijk eerste gesprek nog niet gehouden",
                            conversation_case, planned, bool(planned and planned < today),
                            conversation.report.reference))

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
