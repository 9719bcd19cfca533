"""Finding who is already known, and merging two records of one person (and undoing it).

Both look across *all* persons, not only the households an organisation takes part in, so they are
Veilig Thuis's alone (``persons.search_all``, ``persons.merge``); anyone else gets a 404. The search
is logged as a search naming every candidate shown; a merge and its undo are logged by
``persons.registry``.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from eendak.api.base import EendakAPIView, EendakGenericViewSet
from eendak.api.permissions import IsVerifiedActor, requires
from eendak.api.refusals import LogRefusedChanges
from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.core.access import ViewAccess
from eendak.core.exceptions import RuleViolation
from eendak.persons import registry
from eendak.persons.events import Event as PersonEvent
from eendak.persons.models import PersonMerge

from .. import queries
from ..events import Event
from . import serializers as s
from .views import raise_at


class PersonCandidatesView(EendakAPIView):
    """Candidates for "is this person already known?" while a report is taken."""

    eendak_access = ViewAccess.PERSONAL
    permission_classes = [IsVerifiedActor, requires("persons.search_all")]

    @extend_schema(
        tags=["personen zoeken"], summary="Is deze persoon al bekend? (kandidaten)",
        description="Exact op BSN, of tolerant op achternaam (ook geboortenaam, voorvoegsels, "
        "tikfouten, ontbrekende accenten), met voornamen en geboortedatum (ook met dag en maand "
        "omgewisseld) als u die weet. Met per kandidaat de score, de redenen, het gemaskeerde BSN, "
        "eerdere meldingen en casussen. Alleen voor Veilig Thuis; de zoekvraag en de getoonde "
        "kandidaten komen in het toegangslog.",
        parameters=[s.CandidateQuerySerializer], responses=s.CandidateSerializer(many=True))
    def get(self, request):
        query = s.CandidateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        criteria = query.validated_data
        bsn = criteria.get("bsn", "")
        found = queries.find_known_persons(
            request.user, bsn=bsn, surname=(criteria.get("surname") or "").strip(),
            given_names="" if bsn else (criteria.get("givenNames") or "").strip(),
            date_of_birth=None if bsn else criteria.get("dateOfBirth"),
        )
        audit.log_access(self.actor(), event=PersonEvent.PERSON_SEARCH, action=Action.SEARCH,
                         persons=[known.person for known in found], detail=_describe(criteria))
        return Response(s.CandidateSerializer(found, many=True).data)


def _describe(criteria) -> str:
    """For the log's detail, as the screen writes it: which criteria, never the BSN or the name."""
    if criteria.get("bsn"):
        return "op BSN"
    parts = ["achternaam"] + [label for key, label in (("givenNames", "voornaam"),
                                                       ("dateOfBirth", "geboortedatum"))
                              if criteria.get(key)]
    return "op " + ", ".join(parts)


@extend_schema(tags=["personen samenvoegen"],
               description="Twee registraties van één persoon samenvoegen en dat ongedaan maken; "
               "alleen Veilig Thuis. Beide komen in het toegangslog.")
class PersonMergeViewSet(LogRefusedChanges, mixins.CreateModelMixin, EendakGenericViewSet):
    """Two records of one person become one; the merge remembers what moved, so it can be undone."""

    eendak_access = ViewAccess.PERSONAL
    permission_classes = [IsVerifiedActor, requires("persons.merge")]
    refused_event = Event.PERSON_MERGE_REFUSED
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
        self.target = record
        try:
            registry.undo_merge(self.actor(), record)
        except RuleViolation as exc:
            raise_at(exc)
        record.refresh_from_db()
        return Response(s.MergeSerializer(record).data)
