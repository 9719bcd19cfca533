"""Core's endpoints under /api/v1/: the region's reference data and the functional administrator's
users and memberships. No client data here.

- Municipalities and organisations are readable by every verified actor; the functional
  administrator (``core.manage_organisations``) also creates and changes organisations, through
  ``core.services.save_organisation``, which validates and logs.
- Users and memberships are for the functional administrator (``core.manage_users``). Every change
  goes through ``core.services`` (which logs it); deactivating a user or ending a membership ends
  that user's sessions there.

Core's API face sits on the shared API layer (``eendak.api``: base views, permissions, problems),
the one place where core imports a layer above it; see docs/architecture.md.
"""

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from eendak.api.base import EendakGenericViewSet
from eendak.api.permissions import IsVerifiedActor, requires

from .. import services as core_services
from ..access import ViewAccess
from ..models import Membership, Municipality, Organisation, User
from .filters import MembershipFilter, MunicipalityFilter, OrganisationFilter, UserFilter
from .serializers import (
    MembershipSerializer,
    MunicipalitySerializer,
    OrganisationSerializer,
    UserSerializer,
    UserUpdateSerializer,
)

# --- Reference data ------------------------------------------------------------------------------


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


# --- Users and memberships -----------------------------------------------------------------------

MANAGE_USERS = [IsVerifiedActor, requires("core.manage_users")]


@extend_schema_view(
    list=extend_schema(summary="Medewerkers"),
    retrieve=extend_schema(summary="Eén medewerker met zijn lidmaatschappen"),
    create=extend_schema(summary="Medewerker toevoegen"),
    partial_update=extend_schema(summary="Medewerker wijzigen of (de)activeren",
                                 request=UserUpdateSerializer, responses=UserSerializer),
)
@extend_schema(tags=["beheer"],
               description="Medewerkers en serviceaccounts, voor de functioneel beheerder "
               "(core.manage_users). Uitzetten beëindigt direct alle sessies.")
class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EendakGenericViewSet):
    eendak_access = ViewAccess.STAFF
    permission_classes = MANAGE_USERS
    serializer_class = UserSerializer
    filterset_class = UserFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        return UserUpdateSerializer if self.action == "partial_update" else UserSerializer

    def get_queryset(self):
        return User.objects.prefetch_related("memberships__organisation").order_by("username")

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        password = data.pop("password", None)
        user = core_services.save_user(self.actor(), User(**data), password=password)
        return Response(self.get_serializer(user).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk):
        user = self.get_object()
        serializer = self.get_serializer(user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        active = data.pop("is_active", None)
        password = data.pop("password", None)
        actor = self.actor()
        # One transaction: a refused deactivation also leaves the other fields unchanged.
        with transaction.atomic():
            if data or password:
                for field, value in data.items():
                    setattr(user, field, value)
                core_services.save_user(actor, user, password=password)
            if active is not None and active != user.is_active:
                core_services.set_user_active(actor, user, active)
        return Response(UserSerializer(self.get_queryset().get(pk=user.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="Lidmaatschappen (organisatie en rol per medewerker)"),
    retrieve=extend_schema(summary="Eén lidmaatschap"),
    create=extend_schema(summary="Lidmaatschap toekennen"),
)
@extend_schema(tags=["beheer"],
               description="Lidmaatschappen: welke rol een medewerker bij welke organisatie heeft. "
               "Voor de functioneel beheerder (core.manage_users).")
class MembershipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EendakGenericViewSet):
    eendak_access = ViewAccess.STAFF
    permission_classes = MANAGE_USERS
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter

    def get_queryset(self):
        return Membership.objects.select_related("user", "organisation").order_by(
            "user__username", "organisation__name", "role"
        )

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        membership = core_services.add_membership(self.actor(), data["user"], data["organisation"],
                                                  data["role"])
        return Response(self.get_serializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Lidmaatschap beëindigen (de sessies van de medewerker eindigen)",
                   request=None, responses=MembershipSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk):
        membership = core_services.end_membership(self.actor(), self.get_object())
        return Response(self.get_serializer(membership).data)
