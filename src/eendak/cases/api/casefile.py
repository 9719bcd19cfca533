"""The whole case file for GET /cases/{id}/, fetched in a fixed number of queries.

However long a file grows, the answer costs the same number of queries: every collection is one
query (joins for the single-valued relations beside it, a prefetch for a nested collection), never
one per row. The journal, the one part that grows without limit, is not in it at all: it has its own
paginated endpoint. The budget, one line per part:

    persons         members + person + BSN record (1), case roles (1), shields (1)
    phaseHistory    1          participants   1          handovers   1
    conditions      1 (latest status as subqueries in the same SELECT)
    monitoring      moments (1) + their checks (1), decisions (1)
    plan            versions (1); the current one's goals (1) and actions (1)
    signals         ``queries.signals``: a fixed number, filtered to this case
    childVoices     1          documents      1 (the journal's visibility as a subquery)

Nothing here writes or logs: the view logs what it shows (``case.read``).
"""


from django.db.models import OuterRef, Prefetch, Subquery, prefetch_related_objects

from eendak import authz

from .. import queries
from ..models import (
    Case,
    ConditionCheck,
    Document,
    PlanAction,
    PlanGoal,
    SafetyCondition,
)


def visible_case(user, pk) -> Case | None:
    """The case if the acting organisation may see it, else None: filtering on
    ``authz.visible_cases`` *is* the ``cases.view_case`` check, in the same query that fetches it."""
    return (authz.visible_cases(user).filter(pk=pk)
            .select_related("household__municipality", "responsible_organisation", "coordinator",
                            "last_responsible_organisation")
            .first())


class CaseFile:
    """Every part of the file the detail endpoint shows, loaded at construction."""

    def __init__(self, user, case: Case, *, today=None):
        self.case = case
        membership = authz.acting_membership(user)
        organisation_id = membership.organisation_id if membership else None
        self.persons = queries.case_person_rows(case, organisation_id)
        self.phase_changes = list(case.phase_changes.select_related("decided_by", "organisation"))
        self.participations = list(case.participations.select_related("organisation")
                                   .order_by("ended_at", "started_at", "id"))
        self.handovers = list(case.handovers.select_related(
            "from_organisation", "to_organisation", "offered_by", "responded_by"))
        self.conditions = list(self._conditions(case))
        self.monitoring_moments = list(
            case.monitoring_moments.select_related("recorded_by")
            .prefetch_related(Prefetch("checks", queryset=ConditionCheck.objects.order_by(
                "condition_id"))))
        self.monitoring_decisions = list(case.monitoring_decisions.select_related("decided_by")
                                         .order_by("decided_at", "id"))
        self.plan_versions = list(case.plan_versions.select_related("organisation", "created_by"))
        self.current_plan = self.plan_versions[-1] if self.plan_versions else None
        if self.current_plan is not None:
            prefetch_related_objects([self.current_plan], Prefetch(
                "goals", queryset=PlanGoal.objects.prefetch_related(Prefetch(
                    "actions", queryset=PlanAction.objects.select_related("owner_organisation",
                                                                          "owner")))))
        self.signals = queries.signals(user, today, case=case)
        self.child_voices = list(case.child_voices.select_related("child", "recorded_by",
                                                                  "source_organisation"))
        self.documents = list(
            Document.objects.filter(case=case, pk__in=authz.visible_journal(user, case)
                                    .filter(document__isnull=False).values("document_id"))
            .select_related("uploaded_by", "source_organisation")
            .order_by("-uploaded_at", "-id"))

    @property
    def person_ids(self) -> list[int]:
        return [row.member.person_id for row in self.persons]

    @staticmethod
    def _conditions(case):
        latest = (ConditionCheck.objects.filter(condition=OuterRef("pk"), moment__held_on__isnull=False)
                  .order_by("-moment__held_on", "-moment__planned_on", "-pk"))
        return (SafetyCondition.objects.filter(case=case).select_related("set_by")
                .annotate(latest_status=Subquery(latest.values("status")[:1]),
                          latest_note=Subquery(latest.values("note")[:1]),
                          latest_held_on=Subquery(latest.values("moment__held_on")[:1])))
