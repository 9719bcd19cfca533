"""The registration forms of the Expertisecentrum's public pages: a place in a training session, or
a seat at a public event.

They carry the public report form's honeypot field and signed one-time key (``PublicFormBase`` of
``intake.public_forms``); the view decides what to do with them, with the intake's own functions
(``intake.public``). The key is issued for one session or one event (``kind_for``), so a key can
never register for another.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from eendak.intake.public_forms import PublicFormBase

from .services import Registrant

TRAINING, EVENT = "training", "bijeenkomst"


def kind_for(what: str, pk: int) -> str:
    """The submission key's kind: one key per form shown, for this one session or event."""
    return f"expertise-{what}-{pk}"


class PublicRegistrationForm(PublicFormBase):
    name = forms.CharField(
        label=_("Uw naam"), max_length=200,
        error_messages={"required": _("Vul uw naam in.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Uw e-mailadres"), max_length=254,
        help_text=_("Hierop krijgt u de bevestiging en praktische informatie."),
        error_messages={"required": _("Vul uw e-mailadres in."),
                        "invalid": _("Dit e-mailadres klopt niet. Controleer het, bijvoorbeeld: "
                                     "naam@voorbeeld.nl.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation_name = forms.CharField(
        label=_("Organisatie"), max_length=200, required=False,
        help_text=_("Niet verplicht. Bijvoorbeeld: uw school, praktijk of wijkteam."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )

    def to_registrant(self) -> Registrant:
        c = self.cleaned_data
        return Registrant(name=c["name"].strip(), email=c["email"].strip(),
                          organisation_name=(c.get("organisation_name") or "").strip(),
                          job=(c.get("job") or "").strip())


class PublicEnrolmentForm(PublicRegistrationForm):
    """A place in a training session (or on its waiting list)."""

    job = forms.CharField(
        label=_("Uw functie"), max_length=200, required=False,
        help_text=_("Niet verplicht. Bijvoorbeeld: leerkracht, huisarts, vrijwilliger."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # services.enrol_public links the e-mail address of a local-team worker's account, so the
        # training counts in their competency record once they attended.
        self.fields["email"].help_text = _(
            "Werkt u in een lokaal team in de regio? Gebruik dan het e-mailadres van uw werk: dan telt "
            "de training mee voor uw competenties.")


class PublicEventRegistrationForm(PublicRegistrationForm):
    """A seat at a public event (a campaign event, a school session, an information evening)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_name"].label = _("Organisatie of school")
