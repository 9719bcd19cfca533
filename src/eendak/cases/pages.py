"""Read side of the case page: a household's whole file on one screen, assembled here so the views
stay thin and the query budget is visible in one place.

The page must stay constant in database queries however long the file grows: every collection is
fetched with one query (joins for the single-valued relations, one prefetch for the many-valued
ones), never per row. The journal is the part that grows without limit, so the page shows only the
latest ``JOURNAL_ON_PAGE`` entries (one sliced query; one extra row tells whether there are older
ones, so no COUNT is needed) and links to the paginated journal for the rest.

Each part is a ``cached_property``: a form POST builds only the parts its form needs (choices), the
template of the whole page touches all of them, each exactly once.

Nothing here writes: the views log what the page shows (``case.read``) and the services write.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Prefetch, Subquery

from eendak import authz
from eendak.core.models import Organisation, User
from eendak.core.roles import OrganisationType
from eendak.persons.models import HouseholdMember

from . import queries, services
from .models import (
    ActionStatus,
    Case,
    CaseStatus,
    ChildVoice,
    ConditionCheck,
    Document,
    Handover,
    HandoverStatus,
    MonitoringDecision,
    MonitoringMoment,
    Participation,
    PhaseChange,
    PlanAction,
    PlanPart,
    PlanVersion,
    Recurrence,
    SafetyCondition,
)

JOURNAL_ON_PAGE = 50
JOURNAL_PAGE_SIZE = 50
OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def visible_case(user, pk) -> Case | None:
    """The case if the acting organisation may see it (``cases.view_case``), else None.

    One query: ``authz.visible_cases`` is the rule behind the permission, so filtering on it is the
    permission check; the single-valued relations the page header shows ride along as joins.
    """
    return (
        authz.visible_cases(user)
        .filter(pk=pk)
        .select_related("household__municipality", "responsible_organisation", "coordinator",
                        "last_responsible_organisation")
        .first()
    )


def journal_entries(user, case):
    """What the acting organisation may read of the time line, newest first, with everything a row
    shows joined in (author, source, document): one query whatever the length."""
    return (authz.visible_journal(user, case)
            .select_related("author", "source_organisation", "document"))


@dataclass
class Allowed:
    """Which forms the acting organisation may use on this case; the services decide again."""

    participate: bool = False
    veilig_thuis: bool = False
    hand_over: bool = False
    close: bool = False
    respond: bool = False
    withdraw: bool = False


class CasePage:
    def __init__(self, user, case: Case):
        self.user = user
        self.case = case
        membership = authz.acting_membership(user)
        self.organisation = membership.organisation if membership else None
        self.organisation_id = membership.organisation_id if membership else None
        self.is_open = case.status == CaseStatus.OPEN

    # --- Persons -------------------------------------------------------------------------------

    @cached_property
    def persons(self) -> list[queries.PersonRow]:
        return queries.case_person_rows(self.case, self.organisation_id)

    @property
    def person_ids(self) -> list[int]:
        return [row.member.person_id for row in self.persons]

    @property
    def children(self) -> list:
        return [row.person for row in self.persons if row.member.role == "child"]

    # --- Who takes part, who is responsible ------------------------------------------------------

    @cached_property
    def participations(self) -> list[Participation]:
        # Active and ended, one query; ended ones stay on the page as history.
        return list(self.case.participations.select_related("organisation")
                    .order_by("ended_at", "started_at", "id"))

    @property
    def active_participations(self) -> list[Participation]:
        return [p for p in self.participations if p.ended_at is None]

    @property
    def ended_participations(self) -> list[Participation]:
        return [p for p in self.participations if p.ended_at is not None]

    @property
    def my_participation(self) -> Participation | None:
        return next((p for p in self.active_participations
                     if p.organisation_id == self.organisation_id), None)

    @cached_property
    def phase_changes(self) -> list[PhaseChange]:
        return list(self.case.phase_changes.select_related("decided_by", "organisation"))

    @cached_property
    def handovers(self) -> list[Handover]:
        return list(self.case.handovers.select_related("from_organisation", "to_organisation",
                                                       "offered_by", "responded_by"))

    @property
    def pending_handover(self) -> Handover | None:
        return next((h for h in self.handovers if h.status == HandoverStatus.OFFERED), None)

    @cached_property
    def coordinator_candidates(self) -> list[User]:
        """People who may coordinate: a coordinating role at an organisation taking part now."""
        org_ids = [p.organisation_id for p in self.active_participations]
        return list(
            User.objects.filter(memberships__organisation_id__in=org_ids,
                                memberships__role__in=services.COORDINATOR_ROLES,
                                memberships__is_active=True, is_active=True)
            .distinct().order_by("last_name", "first_name", "username")
        )

    @cached_property
    def owner_candidates(self) -> list:
        """Who may own a plan action: anyone working at an organisation that takes part now, with
        that organisation, so the form can say "naam (organisatie)"; one query."""
        from eendak.core.models import Membership

        org_ids = [p.organisation_id for p in self.active_participations]
        return list(
            Membership.objects.filter(organisation_id__in=org_ids, is_active=True,
                                      user__is_active=True)
            .select_related("user", "organisation")
            .order_by("organisation__name", "user__last_name", "user__first_name")
        )

    @cached_property
    def handover_targets(self) -> list[Organisation]:
        return list(Organisation.objects.filter(type__in=services.HANDOVER_RECEIVERS, is_active=True)
                    .exclude(pk=self.organisation_id).order_by("name"))

    @cached_property
    def all_organisations(self) -> list[Organisation]:
        return list(Organisation.objects.filter(is_active=True).order_by("name"))

    # --- Conditions and monitoring -----------------------------------------------------------------

    @cached_property
    def conditions(self) -> list[SafetyCondition]:
        # The latest status of each condition as three correlated subqueries in the same SELECT:
        # one query, however many monitoring moments there were.
        latest = (ConditionCheck.objects.filter(condition=OuterRef("pk"),
                                                moment__held_on__isnull=False)
                  .order_by("-moment__held_on", "-moment_id"))
        return list(
            self.case.conditions.select_related("set_by").annotate(
                latest_status=Subquery(latest.values("status")[:1]),
                latest_note=Subquery(latest.values("note")[:1]),
                latest_on=Subquery(latest.values("moment__held_on")[:1]),
            )
        )

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
    def monitoring_decisions(self) -> list[MonitoringDecision]:
        return list(self.case.monitoring_decisions.select_related("decided_by")
                    .order_by("decided_at"))

    # --- The plan ------------------------------------------------------------------------------------

    @cached_property
    def plan_versions(self) -> list[PlanVersion]:
        return list(self.case.plan_versions.select_related("created_by", "organisation"))

    @property
    def current_plan(self) -> PlanVersion | None:
        return self.plan_versions[-1] if self.plan_versions else None

    @cached_property
    def goals(self) -> list:
        """The current version's goals with their actions: two queries (goals, then all actions
        with owner organisation and owner joined)."""
        plan = self.current_plan
        if plan is None:
            return []
        return list(plan.goals.prefetch_related(Prefetch(
            "actions", queryset=PlanAction.objects.select_related("owner_organisation", "owner"))))

    @property
    def plan_parts(self) -> list[tuple[str, str, list]]:
        """(part, label, goals) for safety, help and recovery, in that order, also when empty."""
        return [(value, label, [g for g in self.goals if g.part == value])
                for value, label in PlanPart.choices]

    @property
    def actions(self) -> list[PlanAction]:
        return [a for g in self.goals for a in g.actions.all()]

    @property
    def open_actions(self) -> list[PlanAction]:
        return [a for a in self.actions if a.status in OPEN_ACTION_STATUSES]

    @property
    def handover_preview(self) -> dict:
        """What an offer would hand over now: the same contents ``offer_handover`` stores, computed
        from what the page already loaded."""
        plan = self.current_plan
        return {
            "conditions": [c.text for c in self.active_conditions],
            "plan_version": plan.number if plan else None,
            "open_actions": [a.text for a in self.open_actions],
        }

    # --- What is due, the child's voice, documents ----------------------------------------------

    @cached_property
    def signals(self) -> list:
        # ``queries.signals`` is the one place the deadlines are computed; it makes a fixed number
        # of queries for the organisation's whole work queue, and we keep this case's.
        return queries.signals(self.user, case=self.case)

    @cached_property
    def child_voices(self) -> list[ChildVoice]:
        return list(self.case.child_voices.select_related("child", "recorded_by",
                                                          "source_organisation"))

    @cached_property
    def documents(self) -> list[Document]:
        # A document is visible with the journal entry that brought it in (``cases.view_document``
        # is defined that way), so the same rule selects them here: one query with a subquery.
        visible = authz.visible_journal(self.user, self.case).filter(document__isnull=False)
        return list(Document.objects.filter(pk__in=visible.values("document_id"))
                    .select_related("uploaded_by", "source_organisation")
                    .order_by("-uploaded_at"))

    # --- The journal ------------------------------------------------------------------------------

    @cached_property
    def _journal_slice(self) -> list:
        return list(journal_entries(self.user, self.case)[:JOURNAL_ON_PAGE + 1])

    @property
    def journal(self) -> list:
        return self._journal_slice[:JOURNAL_ON_PAGE]

    @property
    def journal_has_older(self) -> bool:
        return len(self._journal_slice) > JOURNAL_ON_PAGE

    # --- What the acting organisation may do --------------------------------------------------------

    @cached_property
    def allowed(self) -> Allowed:
        if not self.is_open or self.organisation is None:
            return Allowed()
        participant = self.my_participation is not None
        responsible = self.user.has_perm("cases.hand_over", self.case)
        pending = self.pending_handover
        return Allowed(
            participate=participant,
            veilig_thuis=participant and self.organisation.type == OrganisationType.VEILIG_THUIS,
            hand_over=responsible and pending is None,
            close=self.user.has_perm("cases.close", self.case),
            respond=bool(pending and pending.to_organisation_id == self.organisation_id),
            withdraw=bool(pending and pending.from_organisation_id == self.organisation_id),
        )


def journal_page(user, case, page_number) -> Page:
    """The whole time line, 50 a page: the "older" link of the case page leads here."""
    return Paginator(journal_entries(user, case), JOURNAL_PAGE_SIZE).get_page(page_number)


def household_person_ids(case: Case) -> list[int]:
    return list(HouseholdMember.objects.filter(household_id=case.household_id)
                .values_list("person_id", flat=True))


# --- "Mijn casussen" -----------------------------------------------------------------------------


def my_cases_page(user, page_number, per_page: int = 25):
    """One page of the organisation's open cases. The household's members come along in one
    prefetch (names on the list, and the persons the access log names)."""
    members = HouseholdMember.objects.select_related("person").order_by("role", "person_id")
    qs = queries.my_cases(user).prefetch_related(
        Prefetch("household__members", queryset=members, to_attr="member_list"))
    page = Paginator(qs, per_page).get_page(page_number)
    page.object_list = list(page.object_list)
    for case in page.object_list:
        case.is_mine = case.coordinator_id == user.pk
        case.surnames = sorted({m.person.surname for m in case.household.member_list})
    return page


def recurrences_for(user) -> list[Recurrence]:
    """New reports about a household whose case the acting organisation last held: the reference
    only (the report's content is Veilig Thuis's own record)."""
    membership = authz.acting_membership(user)
    if membership is None:
        return []
    return list(Recurrence.objects.filter(signalled_to_id=membership.organisation_id)
                .select_related("report", "previous_case").order_by("-created_at")[:50])


# --- "Onze bijdragen" ----------------------------------------------------------------------------


def contributions_page(user, page_number, per_page: int = JOURNAL_PAGE_SIZE):
    """What the acting organisation wrote, in every file, also those it no longer takes part in.
    One query for the page (case, author and document joined) and one for which of those cases it
    may still open, so a row links to the case only where the link works."""
    qs = (authz.own_contributions(user)
          .select_related("case", "author", "document")
          .order_by("-occurred_at", "-id"))
    page = Paginator(qs, per_page).get_page(page_number)
    page.object_list = list(page.object_list)
    case_ids = {e.case_id for e in page.object_list}
    open_ids = set(authz.visible_cases(user).filter(pk__in=case_ids).values_list("pk", flat=True))
    for entry in page.object_list:
        entry.case_visible = entry.case_id in open_ids
    return page


def persons_of_cases(case_ids) -> list[int]:
    return list(HouseholdMember.objects.filter(household__cases__in=case_ids)
                .values_list("person_id", flat=True).distinct())


# --- Printing the plan ---------------------------------------------------------------------------


def plan_version_for_print(page: CasePage, number: str | None) -> PlanVersion | None:
    """The current version, or the one asked for by number (e.g. the version the family agreed)."""
    if number:
        return next((v for v in page.plan_versions if str(v.number) == str(number)), None)
    return page.current_plan


def goals_of(version: PlanVersion) -> list:
    return list(version.goals.prefetch_related(Prefetch(
        "actions", queryset=PlanAction.objects.select_related("owner_organisation", "owner"))))
