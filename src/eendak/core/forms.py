from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .exceptions import RuleViolation
from .models import Membership, Municipality, Organisation, User
from .roles import OrganisationType, Role
from .services import check_organisation_rules


class LoginForm(AuthenticationForm):
    username = forms.CharField(label=_("Gebruikersnaam"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username",
                                                             "autofocus": True}))
    password = forms.CharField(label=_("Wachtwoord"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete":
                                                                 "current-password"}))
    error_messages = {
        "invalid_login": _("De combinatie van gebruikersnaam en wachtwoord klopt niet. "
                           "Na enkele mislukte pogingen wordt het account tijdelijk geblokkeerd."),
        "inactive": _("Dit account is gedeactiveerd. Neem contact op met de functioneel beheerder."),
    }

    def clean(self):
        """A pair (user name, address) that has to wait is refused before its password is checked
        (``core.throttle``), with the seconds to wait, and the refusal is logged."""
        username = self.cleaned_data.get("username")
        if username:
            from eendak.audit import services as audit

            from . import throttle
            from .events import Event

            seconds = throttle.wait_seconds(username, audit.client_ip(self.request))
            if seconds:
                audit.log_authentication(self.request, user=None, event=Event.AUTH_LOCKED_OUT,
                                         outcome="denied", detail=username[:150])
                raise ValidationError(
                    ngettext("Er is vanaf dit adres te vaak een verkeerd wachtwoord ingevuld voor "
                             "deze gebruikersnaam. Probeer het over %(seconds)d seconde opnieuw.",
                             "Er is vanaf dit adres te vaak een verkeerd wachtwoord ingevuld voor "
                             "deze gebruikersnaam. Probeer het over %(seconds)d seconden opnieuw.",
                             seconds),
                    code="throttled", params={"seconds": seconds})
        return super().clean()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code uit uw authenticator-app"), max_length=8, min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True, "pattern": "[0-9 ]*"}),
        error_messages={"required": _("Vul de zescijferige code in."),
                        "min_length": _("De code bestaat uit zes cijfers.")},
    )


class ChooseRoleForm(forms.Form):
    membership = forms.ModelChoiceField(queryset=Membership.objects.none(), widget=forms.RadioSelect,
                                        label=_("Namens welke organisatie en in welke rol werkt u?"),
                                        empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = user.active_memberships()


# Django 6.1 changed the minimum-length message to a "%d" msgid its Dutch catalogue does not have yet,
# so people would read English. The validators' codes are stable: say it in Dutch per code.
PASSWORD_MESSAGES = {
    "password_too_short": _("Dit wachtwoord is te kort. Gebruik minimaal %(min_length)d tekens."),
    "password_too_similar": _("Dit wachtwoord lijkt te veel op de naam, gebruikersnaam of het "
                              "e-mailadres."),
    "password_too_common": _("Dit wachtwoord is te algemeen: het staat in lijsten met veelgebruikte "
                             "wachtwoorden."),
    "password_entirely_numeric": _("Dit wachtwoord bestaat alleen uit cijfers."),
}


def dutch_password_errors(error: ValidationError) -> list[ValidationError]:
    result = []
    for item in error.error_list:
        message = PASSWORD_MESSAGES.get(item.code)
        if message is None:
            result.append(item)
        else:
            result.append(ValidationError(message, code=item.code, params=item.params))
    return result


ACTIVE_CHOICES = [("", _("Alle")), ("ja", _("Actief")), ("nee", _("Niet actief"))]


class OrganisationFilterForm(forms.Form):
    """The filters above the organisation list. Every field is optional; GET keeps them in the URL."""

    q = forms.CharField(label=_("Zoeken op naam"), required=False, max_length=100)
    type = forms.ChoiceField(label=_("Soort"), required=False,
                             choices=[("", _("Alle soorten"))] + OrganisationType.choices)
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)


class OrganisationForm(forms.ModelForm):
    """Create or edit an organisation. (De)activating is a separate, logged action."""

    class Meta:
        model = Organisation
        fields = ["name", "type", "municipality"]
        error_messages = {
            "name": {"unique": _("Er bestaat al een organisatie met deze naam.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        self.fields["municipality"].empty_label = _("— geen —")

    def clean(self):
        """Apply the service's rule here, so the message lands on the field that must change.

        A field with an error is excluded from model validation, which keeps Django's generic
        "constraint violated" text for the same rule off the page.
        """
        cleaned = super().clean()
        if self.errors:
            return cleaned
        candidate = Organisation(
            pk=self.instance.pk, type=cleaned.get("type"), municipality=cleaned.get("municipality"),
            is_active=self.instance.is_active,
        )
        try:
            check_organisation_rules(candidate)
        except RuleViolation as exc:
            self.add_error(exc.field, exc.message)
        return cleaned


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoeken op naam of gebruikersnaam"), required=False, max_length=100)
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.order_by("name"),
                                          label=_("Organisatie"), required=False,
                                          empty_label=_("Alle organisaties"))
    role = forms.ChoiceField(label=_("Rol"), required=False,
                             choices=[("", _("Alle rollen"))] + Role.choices)
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)


class UserForm(forms.ModelForm):
    password = forms.CharField(
        label=_("Wachtwoord"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_service_account"]
        labels = {
            "username": _("Gebruikersnaam"),
            "first_name": _("Voornaam"),
            "last_name": _("Achternaam"),
            "email": _("E-mailadres"),
            "is_service_account": _("Serviceaccount (een systeem dat de API gebruikt)"),
        }
        help_texts = {
            "username": _("Letters, cijfers en @ . + - _; hoogstens 150 tekens."),
            "is_service_account": _("Een serviceaccount logt niet in op het scherm, maar gebruikt "
                                    "een API-token."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.creating = self.instance._state.adding
        if self.creating:
            self.fields["password"].label = _("Eerste wachtwoord")
            self.fields["password"].help_text = _(
                "Minimaal 12 tekens, niet alleen cijfers en geen veelgebruikt wachtwoord. "
                "Niet nodig voor een serviceaccount.")
        else:
            self.fields["password"].label = _("Nieuw wachtwoord")
            self.fields["password"].help_text = _(
                "Leeg laten om het wachtwoord niet te wijzigen. Een nieuw wachtwoord beëindigt "
                "alle sessies van deze medewerker.")
            # Turning a person into a service account would drop their second factor.
            self.fields["is_service_account"].disabled = True

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        is_service = cleaned.get("is_service_account", self.instance.is_service_account)
        if is_service:
            if password:
                self.add_error("password", _("Een serviceaccount heeft geen wachtwoord; het "
                                             "gebruikt een API-token."))
            return cleaned
        if self.creating and not password:
            self.add_error("password", _("Vul een eerste wachtwoord in."))
            return cleaned
        if password:
            # Compare with what was typed now, not with the (still empty) instance.
            candidate = User(
                username=cleaned.get("username") or self.instance.username,
                first_name=cleaned.get("first_name") or "",
                last_name=cleaned.get("last_name") or "",
                email=cleaned.get("email") or "",
            )
            try:
                validate_password(password, candidate)
            except ValidationError as exc:
                self.add_error("password", dutch_password_errors(exc))
        return cleaned


class MembershipForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.filter(is_active=True),
                                          label=_("Organisatie"), empty_label=_("— kies —"))
    role = forms.ChoiceField(choices=[("", _("— kies —"))] + Role.choices, label=_("Rol"),
                             help_text=_("Niet elke rol past bij elk soort organisatie; een "
                                         "lokaal-teamrol bijvoorbeeld alleen bij een lokaal team."))
