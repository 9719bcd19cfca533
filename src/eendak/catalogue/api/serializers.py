"""JSON shapes of the help catalogue's API (sociale kaart), camelCase per the NL API Strategie.

The catalogue is reference data without persons: providers and their offers, for whom, in which
municipalities, with capacity and the current waiting time and when that was last updated. Input
serializers check only the form of a request (types, choices, ids, lengths and numbers the database
columns hold); the rules are ``catalogue.services``' ``RuleViolation`` with its Dutch message at the
field.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from eendak.core.models import Organisation

from .. import queries
from ..models import OfferKind, Provider, TargetGroup

MAX_ID = 2**63 - 1  # a database id: an absurd number is a 400, not an overflow in the database
MAX_INT = 2**31 - 1  # a PositiveIntegerField


def _enum_field(choices, component: str) -> type[serializers.ChoiceField]:
    """A ChoiceField class whose schema is the enum ``component``, named once."""
    cls = type(f"{component}Field", (serializers.ChoiceField,), {})
    schema = {"type": "string", "enum": [value for value, _label in choices]}
    return extend_schema_field(schema, component_name=component)(cls)


OfferKindField = _enum_field(OfferKind.choices, "HelpOfferKindEnum")
TargetGroupField = _enum_field(TargetGroup.choices, "HelpTargetGroupEnum")


def _id(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class CatalogueRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class HelpProviderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    organisation = CatalogueRefSerializer(
        allow_null=True, help_text="De organisatie in Eendak waarvan de mensen het aanbod bijhouden.")
    website = serializers.CharField()
    phone = serializers.CharField()
    isActive = serializers.BooleanField(source="is_active")


class HelpProviderInputSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200,
                                 help_text="Verplicht, uniek.")
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True, default=None,
        help_text="Wier mensen de wachttijd en capaciteit bijhouden (id), of leeg.")
    website = serializers.URLField(required=False, allow_blank=True, default="", max_length=200)
    phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=30)
    isActive = serializers.BooleanField(required=False, default=True)


class OfferProviderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    website = serializers.CharField()
    phone = serializers.CharField()


class HelpOfferSerializer(serializers.Serializer):
    """An offer, with whether its waiting time is long (EENDAK_LONG_WAIT_WEEKS) and whether it may
    no longer be true (not updated for EENDAK_OFFER_STALE_DAYS) — what the plan's maker sees."""

    id = serializers.IntegerField()
    provider = OfferProviderSerializer()
    title = serializers.CharField()
    kind = serializers.CharField(help_text="HelpOfferKindEnum.")
    kindLabel = serializers.CharField(source="get_kind_display")
    description = serializers.CharField()
    targetGroups = serializers.ListField(child=serializers.CharField(), source="target_groups",
                                         help_text="HelpTargetGroupEnum.")
    municipalities = CatalogueRefSerializer(many=True, source="municipalities.all")
    capacity = serializers.IntegerField(allow_null=True, help_text="Plaatsen; leeg: niet opgegeven.")
    waitingWeeks = serializers.IntegerField(source="waiting_weeks",
                                            help_text="De actuele wachttijd in weken.")
    isLongWait = serializers.SerializerMethodField(
        help_text="Een wachttijd waarvoor de planmaker wordt gewaarschuwd (EENDAK_LONG_WAIT_WEEKS).")
    isStale = serializers.SerializerMethodField(
        help_text="Lang niet bijgewerkt (EENDAK_OFFER_STALE_DAYS): de wachttijd klopt misschien "
        "niet meer.")
    updatedAt = serializers.DateTimeField(source="updated_at", help_text="Laatst bijgewerkt.")
    isActive = serializers.BooleanField(source="is_active")

    def get_isLongWait(self, offer) -> bool:  # noqa: N802 - the JSON name
        return queries.is_long_wait(offer)

    def get_isStale(self, offer) -> bool:  # noqa: N802 - the JSON name
        return queries.is_stale(offer)


class HelpOfferInputSerializer(serializers.Serializer):
    provider = serializers.PrimaryKeyRelatedField(queryset=Provider.objects.all(),
                                                  help_text="De aanbieder (id).")
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200,
                                  help_text="Verplicht; uniek per aanbieder.")
    kind = OfferKindField(choices=OfferKind.choices, required=False, allow_blank=True, default="",
                          help_text="Verplicht.")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    targetGroups = serializers.ListField(child=TargetGroupField(choices=TargetGroup.choices),
                                         required=False, default=list)
    municipalities = serializers.ListField(child=_id(), required=False, default=list,
                                           help_text="De gemeenten (id) waar het beschikbaar is.")
    capacity = serializers.IntegerField(required=False, allow_null=True, default=None,
                                        max_value=MAX_INT)
    waitingWeeks = serializers.IntegerField(required=False, allow_null=True, default=0,
                                            help_text="0 tot 104.")
    isActive = serializers.BooleanField(required=False, default=True)


class HelpOfferUpdateInputSerializer(serializers.Serializer):
    """What the provider's own people keep up to date. Left out: it stays as it is."""

    waitingWeeks = serializers.IntegerField(required=False, allow_null=True,
                                            help_text="De actuele wachttijd in weken (0 tot 104).")
    capacity = serializers.IntegerField(required=False, allow_null=True, max_value=MAX_INT,
                                        help_text="Plaatsen; null: niet opgegeven.")


class HelpOfferQuerySerializer(serializers.Serializer):
    municipality = _id(required=False, allow_null=True, default=None,
                       help_text="Alleen aanbod in deze gemeente (id).")
    kind = OfferKindField(choices=OfferKind.choices, required=False, allow_blank=True, default="")
    targetGroup = TargetGroupField(choices=TargetGroup.choices, required=False, allow_blank=True,
                                   default="")
