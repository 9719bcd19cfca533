from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import Membership, Organisation, User
from .roles import Role


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


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "type", "municipality", "is_active"]


class UserForm(forms.ModelForm):
    password = forms.CharField(
        label=_("Nieuw wachtwoord"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
        help_text=_("Minimaal 12 tekens. Leeg laten om het wachtwoord niet te wijzigen."),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_service_account"]

    def clean_password(self):
        from django.contrib.auth.password_validation import validate_password

        password = self.cleaned_data.get("password")
        if password:
            validate_password(password, self.instance)
        return password


class MembershipForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.filter(is_active=True),
                                          label=_("Organisatie"))
    role = forms.ChoiceField(choices=Role.choices, label=_("Rol"))
