"""The form behind the service-token screen (``eendak.api.admin_views``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eendak.core.models import Membership

from .tokens import end_of_day


class ServiceTokenForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=100,
                           help_text=_("Waarvoor dient de token, bijvoorbeeld het systeem dat hem "
                                       "gebruikt."))
    membership = forms.ModelChoiceField(queryset=Membership.objects.none(),
                                        label=_("Werkt namens"), empty_label=None)
    expires_on = forms.DateField(
        label=_("Geldig tot en met"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optioneel. Zonder datum blijft de token geldig tot hij wordt ingetrokken."),
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 2027-12-31.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = user.active_memberships()

    @property
    def expires_at(self):
        """The end of the chosen day, local time: "until and including" as people read it."""
        return end_of_day(self.cleaned_data.get("expires_on"))
