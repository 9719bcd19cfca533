"""The JSON shapes of households, persons and their relationships (camelCase, as the whole API).

``HouseholdRefSerializer`` and ``MunicipalityRefSerializer`` are also the case file's references to a
household (``cases.api.serializers``). A merge of two records of one person is ``MergeSerializer``.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import bsn as bsn_module
from .. import services as person_services
from ..models import Person, RelationshipKind


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
            raise serializers.ValidationError(bsn_module.INVALID_MESSAGE)
        return value

    def validate_name(self, value):
        return value.strip()

    def validate(self, attrs):
        if not (attrs.get("bsn") or attrs.get("name") or attrs.get("dateOfBirth")):
            raise serializers.ValidationError(
                "Geef minstens één zoekcriterium: bsn, name of dateOfBirth."
            )
        return attrs


class MergeInputSerializer(serializers.Serializer):
    keep = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(),
                                              help_text="De persoon die blijft.")
    merge = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(),
                                               help_text="De dubbele persoon die opgaat in keep.")
    reason = serializers.CharField(allow_blank=True)


class MergeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    keep = serializers.IntegerField(source="kept_id")
    merge = serializers.IntegerField(source="merged_id")
    reason = serializers.CharField()
    mergedBy = serializers.CharField(source="merged_by.get_full_name")
    mergedAt = serializers.DateTimeField(source="merged_at")
    undoneAt = serializers.DateTimeField(source="undone_at", allow_null=True)
