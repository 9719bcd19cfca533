"""Municipalities and organisations: public reference data, readable by every verified actor.

The functional administrator (``core.manage_organisations``) also creates and changes organisations,
through ``core.services.save_organisation`` which validates and logs.
"""

import django_filters
from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from eendak.core import services as core_services
from eendak.core.access import ViewAccess
from eendak.core.models import Municipality, Organisation
from eendak.core.roles import OrganisationType

from ..base import EendakGenericViewSet
from ..permissions import IsVerifiedActor, requires


class MunicipalitySerializer(serializers.ModelSerializer):
    cbsCode = serializers.CharField(source="cbs_code", read_only=True)
    region = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Municipality
        fields = ["id", "name", "cbsCode", "region"]


class OrganisationSerializer(serializers.ModelSerializer):
    typeLabel = serializers.CharField(source="get_type_display", read_only=True)
    municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.all(), allow_null=True, required=False,
        help_text="Verplicht voor een lokaal team.",
    )
    municipalityName = serializers.CharField(source="municipality.name", read_only=True,
                                             allow_null=True, default=None)
    isActive = serializers.BooleanField(source="is_active", required=False)

    class Meta:
        model = Organisation
        fields = ["id", "name", "type", "typeLabel", "municipality", "municipalityName", "isActive"]
        # The model's constraints (one active local team per municipality, ...) are checked by
        # core.services.save_organisation through full_clean(), with the model's own messages.
        validators = []


class MunicipalityFilter(django_filters.FilterSet):
    cbsCode = django_filters.CharFilter(field_name="cbs_code", lookup_expr="iexact")
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Municipality
        fields = []


class OrganisationFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(choices=OrganisationType.choices)
    municipality = django_filters.ModelChoiceFilter(queryset=Municipality.objects.all())
    active = django_filters.BooleanFilter(field_name="is_active")

    class Meta:
        model = Organisation
        fields = []


@extend_schema(tags=["referentiegegevens"],
               description="De gemeenten van de regio met hun CBS-code. Geen persoonsgegevens.")
class MunicipalityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EendakGenericViewSet):
    """The region's municipalities with their CBS codes."""

    eendak_access = ViewAccess.STAFF
    queryset = Municipality.objects.select_related("region").order_by("name")
    serializer_class = MunicipalitySerializer
    filterset_class = MunicipalityFilter


@extend_schema_view(
    create=extend_schema(summary="Organisatie toevoegen (functioneel beheerder)"),
    partial_update=extend_schema(summary="Organisatie wijzigen of (de)activeren (functioneel beheerder)"),
)
@extend_schema(tags=["referentiegegevens"],
               description="De organisaties van de regio naar soort. Lezen mag iedere medewerker; "
               "toevoegen en wijzigen alleen de functioneel beheerder (core.manage_organisations).")
class OrganisationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                          mixins.UpdateModelMixin, EendakGenericViewSet):
    """The region's organisations by type. Reading is for everyone; changing needs
    ``core.manage_organisations``."""

    eendak_access = ViewAccess.STAFF
    queryset = Organisation.objects.select_related("municipality").order_by("name")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        if self.action in ("create", "partial_update"):
            return [IsVerifiedActor(), requires("core.manage_organisations")()]
        return super().get_permissions()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = core_services.save_organisation(
            self.actor(), Organisation(**serializer.validated_data)
        )
        return Response(self.get_serializer(organisation).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        organisation = self.get_object()
        serializer = self.get_serializer(organisation, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        active = data.pop("is_active", None)
        actor = self.actor()
        # Activation goes through its own service: deactivating ends the members' sessions.
        with transaction.atomic():
            if data:
                for field, value in data.items():
                    setattr(organisation, field, value)
                organisation = core_services.save_organisation(actor, organisation)
            if active is not None and active != organisation.is_active:
                organisation = core_services.set_organisation_active(actor, organisation, active)
        return Response(self.get_serializer(organisation).data)
