"""Finding who is already known, and merging two records of one person (and undoing it).

Both look across *all* persons, not only the households an organisation takes part in, so they are
Veilig Thuis's alone (``persons.search_all``, ``persons.merge``); anyone else gets a 404. The search
is logged as a search naming every candidate shown; a merge and its undo are logged by
``persons.registry``.
"""

from collections import defaultdict

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from eendak import authz
from eendak.api.base import EendakAPIView, EendakGenericViewSet
from eendak.api.permissions import IsVerifiedActor, requires
from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.cases.models import Case
from eendak.core.access import ViewAccess
from eendak.core.services import RuleViolation
from eendak.persons import matching, registry
from eendak.persons.models import HouseholdMember, PersonMerge

from ..models import ReportPerson
from . import serializers as s
from .views import raise_at


class PersonCandidatesView(EendakAPIView):
    """Candidates for "is this person already known?" while a report is taken."""

    eendak_access = ViewAccess.PERSONAL
    permission_classes = [IsVerifiedActor, requires("persons.search_all")]

    @extend_schema(
        tags=["personen zoeken"], summary="Is deze persoon al bekend? (kandidaten)",
        description="Exact op BSN, of tolerant op achternaam (ook geboortenaam, voorvoegsels, "
        "tikfouten, ontbrekende accenten), voornamen en geboortedatum (ook met dag en maand "
        "omgewisseld). Met per kandidaat de score, de redenen, het gemaskeerde BSN, eerdere "
        "meldingen en casussen. Alleen voor Veilig Thuis; de zoekvraag en de getoonde kandidaten "
        "komen in het toegangslog.",
        parameters=[s.CandidateQuerySerializer], responses=s.CandidateSerializer(many=True))
    def get(self, request):
        query = s.CandidateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        criteria = query.validated_data
        candidates = matching.find_candidates(
            bsn=criteria.get("bsn", ""), surname=(criteria.get("surname") or "").strip(),
            given_names=(criteria.get("givenNames") or "").strip(),
            date_of_birth=criteria.get("dateOfBirth"),
        )
        ids = [c.person.pk for c in candidates]
        used = [name for name in ("bsn", "surname", "givenNames", "dateOfBirth") if criteria.get(name)]
        # The criteria's names only: the log must not become a second copy of BSNs and names.
        audit.log_access(self.actor(), event="person.search", action=Action.SEARCH, persons=ids,
                         detail=f"kandidaten op {', '.join(used)}: {len(ids)} gevonden")
        context = {"reports": self._reports(request.user, ids), "cases": self._cases(ids)}
        return Response(s.CandidateSerializer(candidates, many=True, context=context).data)

    @staticmethod
    def _reports(user, person_ids):
        """Earlier reports of each candidate: one query for all of them."""
        by_person = defaultdict(list)
        links = (ReportPerson.objects.filter(person_id__in=person_ids,
                                             report__in=authz.visible_reports(user))
                 .select_related("report").order_by("-report__received_at"))
        for link in links:
            by_person[link.person_id].append(link.report)
        return by_person

    @staticmethod
    def _cases(person_ids):
        """The cases of each candidate's households (reference and status only)."""
        households = defaultdict(set)
        for person_id, household_id in HouseholdMember.objects.filter(
                person_id__in=person_ids).values_list("person_id", "household_id"):
            households[household_id].add(person_id)
        by_person = defaultdict(list)
        for case in Case.objects.filter(household_id__in=households).order_by("-opened_at"):
            for person_id in households[case.household_id]:
                by_person[person_id].append(case)
        return by_person


@extend_schema(tags=["personen samenvoegen"],
               description="Twee registraties van één persoon samenvoegen en dat ongedaan maken; "
               "alleen Veilig Thuis. Beide komen in het toegangslog.")
class PersonMergeViewSet(mixins.CreateModelMixin, EendakGenericViewSet):
    """Two records of one person become one; the merge remembers what moved, so it can be undone."""

    eendak_access = ViewAccess.PERSONAL
    permission_classes = [IsVerifiedActor, requires("persons.merge")]
    serializer_class = s.MergeSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return PersonMerge.objects.select_related("merged_by")

    @extend_schema(summary="Twee personen samenvoegen", request=s.MergeInputSerializer,
                   responses={201: s.MergeSerializer})
    def create(self, request):
        serializer = s.MergeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            record = registry.merge_persons(self.actor(), keep=data["keep"], merge=data["merge"],
                                            reason=data["reason"])
        except RuleViolation as exc:
            raise_at(exc)
        record = self.get_queryset().get(pk=record.pk)
        return Response(s.MergeSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Een samenvoeging ongedaan maken", request=None,
                   responses=s.MergeSerializer)
    @action(detail=True, methods=["post"])
    def undo(self, request, pk):
        record = self.get_queryset().filter(pk=pk).first()
        if record is None:
            raise exceptions.NotFound()
        try:
            registry.undo_merge(self.actor(), record)
        except RuleViolation as exc:
            raise_at(exc)
        record.refresh_from_db()
        return Response(s.MergeSerializer(record).data)
