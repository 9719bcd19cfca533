"""Users and memberships, for the functional administrator (``core.manage_users``).

Every change goes through ``eendak.core.services`` (which logs it); deactivating a user or ending a
membership ends that user's sessions there. No client data here.
"""

import django_filters
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from eendak.core import services as core_services
from eendak.core.access import ViewAccess
from eendak.core.forms import dutch_password_errors
from eendak.core.models import Membership, Organisation, User
from eendak.core.roles import Role

from ..base import EendakGenericViewSet
from ..permissions import IsVerifiedActor, requires

# --- Serializers ---------------------------------------------------------------------------------


class MembershipSerializer(serializers.ModelSerializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    username = serializers.CharField(source="user.username", read_only=True)
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    organisationName = serializers.CharField(source="organisation.name", read_only=True)
    role = serializers.ChoiceField(choices=Role.choices)
    roleLabel = serializers.CharField(source="get_role_display", read_only=True)
    isActive = serializers.BooleanField(source="is_active", read_only=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    endedAt = serializers.DateTimeField(source="ended_at", read_only=True, allow_null=True,
                                        help_text="Leeg zolang het lidmaatschap loopt.")

    class Meta:
        model = Membership
        fields = ["id", "user", "username", "organisation", "organisationName", "role", "roleLabel",
                  "isActive", "createdAt", "endedAt"]
        # Re-adding an ended membership is allowed: core.services.add_membership decides.
        validators = []


class UserMembershipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.IntegerField(source="organisation_id")
    organisationName = serializers.CharField(source="organisation.name")
    role = serializers.CharField()
    roleLabel = serializers.CharField(source="get_role_display")
    isActive = serializers.BooleanField(source="is_active")


def _check_password(password: str, user: User) -> str:
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as exc:
        # The same Dutch wording as the management screens (Django's own catalogue lags behind).
        raise serializers.ValidationError(
            [m for e in dutch_password_errors(exc) for m in e.messages]) from exc
    return password


class UserSerializer(serializers.ModelSerializer):
    firstName = serializers.CharField(source="first_name", required=False, allow_blank=True,
                                      max_length=150)
    lastName = serializers.CharField(source="last_name", required=False, allow_blank=True,
                                     max_length=150)
    fullName = serializers.CharField(source="get_full_name", read_only=True)
    isActive = serializers.BooleanField(source="is_active", required=False,
                                        help_text="Uitzetten beëindigt direct alle sessies.")
    isServiceAccount = serializers.BooleanField(source="is_service_account", required=False)
    lastLogin = serializers.DateTimeField(source="last_login", read_only=True, allow_null=True,
                                          help_text="Leeg als de medewerker nog nooit inlogde.")
    password = serializers.CharField(write_only=True, required=False, trim_whitespace=False,
                                     max_length=512, style={"input_type": "password"},
                                     help_text="Alleen bij aanmaken of wijzigen; wordt nooit getoond.")
    memberships = UserMembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "firstName", "lastName", "fullName", "email", "isActive",
                  "isServiceAccount", "lastLogin", "password", "memberships"]

    def validate(self, attrs):
        password = attrs.get("password")
        if password:
            probe = User(username=attrs.get("username", getattr(self.instance, "username", "")),
                         first_name=attrs.get("first_name", getattr(self.instance, "first_name", "")),
                         last_name=attrs.get("last_name", getattr(self.instance, "last_name", "")),
                         email=attrs.get("email", getattr(self.instance, "email", "")))
            try:
                _check_password(password, probe)
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"password": exc.detail}) from exc
        return attrs


class UserUpdateSerializer(UserSerializer):
    class Meta(UserSerializer.Meta):
        read_only_fields = ["username", "isServiceAccount"]


# --- Filters -------------------------------------------------------------------------------------


class UserFilter(django_filters.FilterSet):
    organisation = django_filters.ModelChoiceFilter(
        field_name="memberships__organisation", queryset=Organisation.objects.all(), distinct=True
    )
    role = django_filters.ChoiceFilter(field_name="memberships__role", choices=Role.choices,
                                       distinct=True)
    active = django_filters.BooleanFilter(field_name="is_active")
    username = django_filters.CharFilter(field_name="username", lookup_expr="icontains")

    class Meta:
        model = User
        fields = []


class MembershipFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(queryset=User.objects.all())
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all())
    role = django_filters.ChoiceFilter(choices=Role.choices)
    active = django_filters.BooleanFilter(field_name="is_active")

    class Meta:
        model = Membership
        fields = []


# --- Views ---------------------------------------------------------------------------------------

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
