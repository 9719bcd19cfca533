"""Households and persons under /api/v1/: client personal data, under need-to-know, every look logged.

Reading goes through ``eendak.persons.services`` (which checks the rules and writes the access-log
entry); the household list, which has no service of its own, takes its queryset from
``persons.permissions.visible_households`` (the rule behind ``persons.view_household``) and writes one
entry naming exactly the persons on the page.

Merging two records of one person (``/person-merges/``) looks across *all* persons, so it is Veilig
Thuis's alone (``persons.merge``); anyone else gets the logged 404 of the one refusal path. The merge
and its undo are logged by ``persons.registry``; a merge refused for its input as a failed attempt.
"""

import dataclasses

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from eendak.api.base import EendakGenericViewSet
from eendak.api.permissions import IsVerifiedActor, requires
from eendak.api.problems import raise_at
from eendak.api.refusals import LogRefusedChanges
from eendak.audit import services as audit
from eendak.audit.models import Action, Outcome
from eendak.core.access import ViewAccess
from eendak.core.exceptions import RuleViolation
from eendak.core.models import Municipality
from eendak.core.permissions import require

from .. import registry
from .. import services as person_services
from ..events import Event
from ..models import Household, HouseholdMember, PersonMerge
from ..permissions import emergency_grants_for, emergency_reason, visible_households, visible_persons
from .serializers import (
    HouseholdSerializer,
    MergeInputSerializer,
    MergeSerializer,
    PersonSearchSerializer,
    PersonSerializer,
    PersonSummarySerializer,
    RelationshipInputSerializer,
    RelationshipSerializer,
    RevealedBsnSerializer,
)

# --- Break the glass in the log ------------------------------------------------------------------


# --- Households ----------------------------------------------------------------------------------


class HouseholdFilter(django_filters.FilterSet):
    municipality = django_filters.ModelChoiceFilter(queryset=Municipality.objects.all())
    reference = django_filters.CharFilter(field_name="reference", lookup_expr="iexact")

    class Meta:
        model = Household
        fields = []


@extend_schema(tags=["huishoudens"],
               description="Huishoudens in dossiers waaraan uw organisatie deelneemt (of waarvoor u "
               "noodtoegang heeft). Elke opvraging komt in het toegangslog, met de getoonde personen.")
class HouseholdViewSet(EendakGenericViewSet):
    """Households whose file the acting organisation takes part in (or has broken the glass for)."""

    eendak_access = ViewAccess.PERSONAL
    serializer_class = HouseholdSerializer
    filterset_class = HouseholdFilter

    def get_queryset(self):
        # Members with their persons in two queries per page instead of one per household.
        return (
            visible_households(self.request.user)
            .select_related("municipality")
            .prefetch_related(Prefetch(
                "members",
                queryset=HouseholdMember.objects.select_related("person")
                .order_by("role", "person__date_of_birth"),
                to_attr="ordered_members",
            ))
            .order_by("reference")
        )

    @extend_schema(summary="Huishoudens waarin uw organisatie deelneemt")
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        user = request.user
        reasons = {pk: grant.reason for pk, grant in emergency_grants_for(user, page).items()}
        persons = {member.person_id for h in page for member in h.ordered_members}
        audit.log_access(
            self.actor(), event=Event.HOUSEHOLD_LIST, action=Action.READ, persons=persons,
            emergency=bool(reasons), reason="; ".join(sorted(set(reasons.values()))),
            detail=f"pagina {self.paginator.page.number}: {len(page)} huishoudens",
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary="Eén huishouden met zijn leden")
    def retrieve(self, request, pk):
        household = person_services.open_household(self.actor(), request.user, pk)
        household.ordered_members = list(person_services.household_members(household))
        return Response(self.get_serializer(household).data)


# --- Persons -------------------------------------------------------------------------------------


@extend_schema(tags=["personen"],
               description="Personen in huishoudens die uw organisatie mag zien. Het BSN is gemaskeerd; "
               "het volledig tonen is een aparte, gelogde handeling. Elke opvraging komt in het "
               "toegangslog.")
class PersonViewSet(EendakGenericViewSet):
    """Persons in households the acting organisation may see. The BSN is masked unless revealed."""

    eendak_access = ViewAccess.PERSONAL
    serializer_class = PersonSerializer
    # The search returns at most 50 hits, all logged; refine the criteria rather than page on. They
    # come paged like every other list (count, next, previous, results), so a client reads one shape.
    filter_backends = []

    def get_queryset(self):
        return visible_persons(self.request.user)

    @extend_schema(summary="Personen zoeken (BSN, naam, geboortedatum)",
                   parameters=[PersonSearchSerializer], responses=PersonSummarySerializer(many=True))
    def list(self, request):
        """The search of ``persons.services`` (its own query and log entry), paged afterwards."""
        criteria = PersonSearchSerializer(data=request.query_params)
        criteria.is_valid(raise_exception=True)
        results = person_services.search_persons(
            self.actor(), request.user, bsn=criteria.validated_data.get("bsn", ""),
            name=criteria.validated_data.get("name", ""),
            date_of_birth=criteria.validated_data.get("dateOfBirth"),
        )
        page = self.paginate_queryset(list(results))
        return self.get_paginated_response(PersonSummarySerializer(page, many=True).data)

    @extend_schema(summary="Eén persoon (BSN gemaskeerd)")
    def retrieve(self, request, pk):
        person = person_services.open_person(self.actor(), request.user, pk)
        households = visible_households(request.user).filter(members__person=person)
        return Response(PersonSerializer(
            person, context={"households": households.order_by("reference")}
        ).data)

    @extend_schema(methods=["GET"], summary="Relaties van een persoon",
                   responses=RelationshipSerializer(many=True))
    @extend_schema(methods=["POST"], summary="Een relatie met een gezinslid vastleggen",
                   request=RelationshipInputSerializer, responses={201: RelationshipSerializer})
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def relationships(self, request, pk):
        if request.method == "POST":
            # Who may change is asked before anything is shown (a refusal is the logged 404).
            seen = visible_persons(request.user).filter(pk=pk).first()
            if seen is not None:
                require(self.actor(), "persons.add_relationship", seen)
        person = person_services.open_person(self.actor(), request.user, pk)
        if request.method == "POST":
            data = RelationshipInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            relationship = person_services.add_relationship(
                self.actor(), request.user, person, other_pk=data.validated_data["other"],
                kind=data.validated_data["kind"], note=data.validated_data["note"])
            return Response(RelationshipSerializer(relationship).data, status=201)
        return Response(RelationshipSerializer(
            person_services.relationships_of(request.user, person), many=True).data)

    @extend_schema(summary="Het volledige BSN tonen (wordt apart gelogd)", request=None,
                   responses=RevealedBsnSerializer)
    @action(detail=True, methods=["post"], url_path="reveal-bsn")
    def reveal_bsn(self, request, pk):
        actor = self.actor()
        person = self.get_queryset().filter(pk=pk).first()
        if person is None:
            audit.log_access(actor, event=Event.PERSON_BSN_REVEALED, action=Action.READ,
                             obj=("persons.person", str(pk)), outcome=Outcome.NOT_FOUND)
            raise NotFound()
        households = visible_households(request.user).filter(members__person=person)
        actor = dataclasses.replace(actor, emergency_reason=emergency_reason(request.user, households))
        value = person_services.reveal_bsn(actor, request.user, person)
        return Response({"bsn": value or None})


# --- Merging two records of one person -------------------------------------------------------------


@extend_schema(tags=["personen samenvoegen"],
               description="Twee registraties van één persoon samenvoegen en dat ongedaan maken; "
               "alleen Veilig Thuis. Beide komen in het toegangslog.")
class PersonMergeViewSet(LogRefusedChanges, mixins.CreateModelMixin, EendakGenericViewSet):
    """Two records of one person become one; the merge remembers what moved, so it can be undone."""

    eendak_access = ViewAccess.PERSONAL
    permission_classes = [IsVerifiedActor, requires("persons.merge")]
    refused_event = Event.PERSON_MERGE_REFUSED
    serializer_class = MergeSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return PersonMerge.objects.select_related("merged_by")

    @extend_schema(summary="Twee personen samenvoegen", request=MergeInputSerializer,
                   responses={201: MergeSerializer})
    def create(self, request):
        serializer = MergeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            record = registry.merge_persons(self.actor(), keep=data["keep"], merge=data["merge"],
                                            reason=data["reason"])
        except RuleViolation as exc:
            raise_at(exc)
        record = self.get_queryset().get(pk=record.pk)
        return Response(MergeSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Een samenvoeging ongedaan maken", request=None,
                   responses=MergeSerializer)
    @action(detail=True, methods=["post"])
    def undo(self, request, pk):
        record = self.get_queryset().filter(pk=pk).first()
        if record is None:
            raise NotFound()
        self.target = record
        try:
            registry.undo_merge(self.actor(), record)
        except RuleViolation as exc:
            raise_at(exc)
        record.refresh_from_db()
        return Response(MergeSerializer(record).data)
