"""The JSON shapes of core's resources: the region's reference data (municipalities, organisations)
and the functional administrator's users and memberships (camelCase, as the whole API)."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from ..forms import dutch_password_errors
from ..models import Membership, Municipality, Organisation, User
from ..roles import Role

# --- Reference data ------------------------------------------------------------------------------


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


# --- Users and memberships -----------------------------------------------------------------------


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
