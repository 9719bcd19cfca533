"""Households and persons: client personal data, under need-to-know, every look logged.

Reading goes through ``eendak.persons.services`` (which checks ``eendak.authz`` and writes the
access-log entry); the household list, which has no service of its own, takes its queryset from
``authz.visible_households`` and writes one entry naming exactly the persons on the page.
"""

import dataclasses

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from eendak import authz
from eendak.audit import services as audit
from eendak.audit.models import Action, Outcome
from eendak.core.access import ViewAccess
from eendak.core.models import Municipality
from eendak.persons import bsn as bsn_module
from eendak.persons import services as person_services
from eendak.persons.models import Household, HouseholdMember, RelationshipKind

from ..base import EendakGenericViewSet

# --- Serializers ---------------------------------------------------------------------------------


class MunicipalityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    cbsCode = serializers.CharField(source="cbs_code")


class HouseholdMemberSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    fullName = serializers.CharField(source="person.full_name")
    dateOfBirth = serializers.DateField(source="person.date_of_birth", allow_null=True)
    role = serializers.CharField()
    roleLabel = serializers.CharField(source="get_role_display")


class HouseholdSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    municipality = MunicipalityRefSerializer()
    members = HouseholdMemberSerializer(many=True, source="ordered_members")


class HouseholdRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()


class PersonSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    givenNames = serializers.CharField(source="given_names")
    surnamePrefix = serializers.CharField(source="surname_prefix")
    surname = serializers.CharField()
    fullName = serializers.CharField(source="full_name")
    dateOfBirth = serializers.DateField(source="date_of_birth", allow_null=True)
    city = serializers.CharField()


class PersonSerializer(PersonSummarySerializer):
    sex = serializers.CharField()
    sexLabel = serializers.CharField(source="get_sex_display")
    street = serializers.CharField()
    houseNumber = serializers.CharField(source="house_number")
    postcode = serializers.CharField()
    municipality = MunicipalityRefSerializer(allow_null=True)
    bsn = serializers.SerializerMethodField(
        help_text="Gemaskeerd (alleen de laatste drie cijfers), of waarom er geen BSN is. "
        "Het volledige BSN geeft POST /persons/{id}/reveal-bsn/."
    )
    households = serializers.SerializerMethodField(
        help_text="De huishoudens van deze persoon die u mag zien."
    )

    def get_bsn(self, person) -> str:
        return person_services.masked_bsn(person)

    @extend_schema_field(HouseholdRefSerializer(many=True))
    def get_households(self, person):
        return HouseholdRefSerializer(self.context["households"], many=True).data


class RelationshipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    personName = serializers.CharField(source="person.full_name")
    other = serializers.IntegerField(source="other_id")
    otherName = serializers.CharField(source="other.full_name")
    kind = serializers.ChoiceField(choices=RelationshipKind.choices)
    kindLabel = serializers.CharField(source="get_kind_display")
    note = serializers.CharField()


class RelationshipInputSerializer(serializers.Serializer):
    other = serializers.IntegerField(min_value=1, max_value=2**63 - 1,
                                     help_text="Een gezinslid uit hetzelfde huishouden (id).")
    kind = serializers.ChoiceField(choices=RelationshipKind.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class RevealedBsnSerializer(serializers.Serializer):
    bsn = serializers.CharField(allow_null=True,
                                help_text="Het volledige BSN; leeg als er geen BSN bekend is.")


class PersonSearchSerializer(serializers.Serializer):
    """The search criteria; at least one is needed (a search for everyone is not a search)."""

    bsn = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                help_text="Exact BSN (9 cijfers; spaties en punten mogen).")
    name = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                 help_text="Voornamen en/of achternaam, of een deel ervan.")
    dateOfBirth = serializers.DateField(required=False, allow_null=True,
                                        help_text="Geboortedatum (JJJJ-MM-DD).")

    def validate_bsn(self, value):
        value = value.strip()
        if value and not bsn_module.is_valid_bsn(bsn_module.normalise(value)):
            raise serializers.ValidationError("Dit is geen geldig BSN: het voldoet niet aan de elfproef.")
        return value

    def validate_name(self, value):
        return value.strip()

    def validate(self, attrs):
        if not (attrs.get("bsn") or attrs.get("name") or attrs.get("dateOfBirth")):
            raise serializers.ValidationError(
                "Geef minstens één zoekcriterium: bsn, name of dateOfBirth."
            )
        return attrs


# --- Break the glass in the log ------------------------------------------------------------------


def emergency_reason(user, households) -> str:
    """The grant's reason when the user sees these households only through break-the-glass.

    Reads through emergency access are flagged in the access log with the reason given.
    """
    households = list(households)
    if any(authz.participates_in_household(user, h) for h in households):
        return ""
    for household in households:
        grant = authz.emergency_grant(user, household)
        if grant:
            return grant.reason
    return ""


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
            authz.visible_households(self.request.user)
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
        reasons = {h.pk: reason for h in page if (reason := emergency_reason(user, [h]))}
        persons = {member.person_id for h in page for member in h.ordered_members}
        audit.log_access(
            self.actor(), event="household.list", action=Action.READ, persons=persons,
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
    # The search returns at most 50 hits, all logged; refine the criteria rather than page on.
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return authz.visible_persons(self.request.user)

    @extend_schema(summary="Personen zoeken (BSN, naam, geboortedatum)",
                   parameters=[PersonSearchSerializer], responses=PersonSummarySerializer(many=True))
    def list(self, request):
        criteria = PersonSearchSerializer(data=request.query_params)
        criteria.is_valid(raise_exception=True)
        results = person_services.search_persons(
            self.actor(), request.user, bsn=criteria.validated_data.get("bsn", ""),
            name=criteria.validated_data.get("name", ""),
            date_of_birth=criteria.validated_data.get("dateOfBirth"),
        )
        return Response(PersonSummarySerializer(results, many=True).data)

    @extend_schema(summary="Eén persoon (BSN gemaskeerd)")
    def retrieve(self, request, pk):
        person = person_services.open_person(self.actor(), request.user, pk)
        households = authz.visible_households(request.user).filter(members__person=person)
        return Response(PersonSerializer(
            person, context={"households": households.order_by("reference")}
        ).data)

    @extend_schema(methods=["GET"], summary="Relaties van een persoon",
                   responses=RelationshipSerializer(many=True))
    @extend_schema(methods=["POST"], summary="Een relatie met een gezinslid vastleggen",
                   request=RelationshipInputSerializer, responses={201: RelationshipSerializer})
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def relationships(self, request, pk):
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
            audit.log_access(actor, event="person.bsn_revealed", action=Action.READ,
                             obj=("persons.person", str(pk)), outcome=Outcome.NOT_FOUND)
            raise NotFound()
        households = authz.visible_households(request.user).filter(members__person=person)
        actor = dataclasses.replace(actor, emergency_reason=emergency_reason(request.user, households))
        value = person_services.reveal_bsn(actor, request.user, person)
        return Response({"bsn": value or None})
