"""Forms of the help catalogue's screens (/sociale-kaart/).

They check what was typed and say what is wrong in Dutch, at the field; the rules themselves (a
waiting time between 0 and 104 weeks, an offer available in at least one municipality, a name not
used twice) live in ``catalogue.services`` and come back as a ``RuleViolation`` on the field it
names: the field names here are the services' ``field=`` names. Choices are bounded: the region's
municipalities, the providers, the organisations in Eendak.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from eendak.core.models import Municipality, Organisation

from . import services
from .models import OfferKind, Provider, TargetGroup

CHOOSE_FROM_LIST = _("Kies uit de lijst.")


def _municipalities() -> list[tuple[int, str]]:
    return list(Municipality.objects.order_by("name").values_list("pk", "name"))


def _whole_number(label, *, required=True, help_text="", message=""):
    return forms.IntegerField(
        label=label, required=required, min_value=0, help_text=help_text,
        error_messages={"required": message, "invalid": _("Vul een heel getal in."),
                        "min_value": _("Vul 0 of meer in.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


class OfferFilterForm(forms.Form):
    """Search the catalogue: words, municipality, kind of help, for whom, our own offers."""

    q = forms.CharField(label=_("Zoeken"), required=False, max_length=100,
                        help_text=_("Naam van het aanbod of de aanbieder, of een woord uit de "
                                    "omschrijving."))
    municipality = forms.TypedChoiceField(label=_("Gemeente"), required=False, coerce=int,
                                          empty_value=None,
                                          error_messages={"invalid_choice": CHOOSE_FROM_LIST})
    kind = forms.ChoiceField(label=_("Soort hulp"), required=False,
                             choices=[("", _("Alle soorten hulp")), *OfferKind.choices],
                             error_messages={"invalid_choice": CHOOSE_FROM_LIST})
    target_group = forms.ChoiceField(label=_("Voor wie"), required=False,
                                     choices=[("", _("Alle doelgroepen")), *TargetGroup.choices],
                                     error_messages={"invalid_choice": CHOOSE_FROM_LIST})
    own = forms.BooleanField(label=_("Alleen het aanbod van mijn organisatie"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("Alle gemeenten")), *_municipalities()]


def _waiting_weeks():
    return _whole_number(_("Actuele wachttijd (weken)"),
                         message=_("Vul de wachttijd in weken in (0 als er geen wachttijd is)."),
                         help_text=_("Hoe lang wacht een nieuwe aanmelding nu, ongeveer?"))


def _capacity():
    return _whole_number(_("Capaciteit (plaatsen)"), required=False,
                         help_text=_("Hoeveel gezinnen of personen tegelijk geholpen kunnen worden. "
                                     "Leeg laten als dat niet vaststaat."))


class OfferUpdateForm(forms.Form):
    """The provider's current waiting time and capacity (``services.update_offer``)."""

    waiting_weeks = _waiting_weeks()
    capacity = _capacity()


class OfferForm(forms.Form):
    """An offer added or changed by the functional administrator (``services.save_offer``)."""

    provider = forms.TypedChoiceField(label=_("Aanbieder"), coerce=int,
                                      error_messages={"required": _("Kies de aanbieder."),
                                                      "invalid_choice": CHOOSE_FROM_LIST})
    title = forms.CharField(label=_("Naam van het aanbod"), max_length=200,
                            error_messages={"required": _("Vul de naam van het aanbod in.")})
    kind = forms.ChoiceField(label=_("Soort hulp"), choices=[("", _("Kies de soort hulp")),
                                                             *OfferKind.choices],
                             error_messages={"required": _("Kies de soort hulp."),
                                             "invalid_choice": CHOOSE_FROM_LIST})
    description = forms.CharField(label=_("Omschrijving"), required=False, max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("Wat de hulp inhoudt, en hoe je aanmeldt."))
    target_groups = forms.MultipleChoiceField(
        label=_("Voor wie"), choices=TargetGroup.choices, required=False,
        widget=forms.CheckboxSelectMultiple, error_messages={"invalid_choice": CHOOSE_FROM_LIST})
    municipalities = forms.TypedMultipleChoiceField(
        label=_("Gemeenten waar het aanbod beschikbaar is"), coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies de gemeenten waar het aanbod beschikbaar is."),
                        "invalid_choice": CHOOSE_FROM_LIST})
    capacity = _capacity()
    waiting_weeks = _waiting_weeks()
    is_active = forms.BooleanField(label=_("Actief (in de sociale kaart en te kiezen in een plan)"),
                                   required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", _("Kies de aanbieder")), *Provider.objects.order_by(
            "name").values_list("pk", "name")]
        self.fields["municipalities"].choices = _municipalities()

    @classmethod
    def initial_for(cls, offer) -> dict:
        return {"provider": offer.provider_id, "title": offer.title, "kind": offer.kind,
                "description": offer.description, "target_groups": offer.target_groups,
                "municipalities": [m.pk for m in offer.municipalities.all()],
                "capacity": offer.capacity, "waiting_weeks": offer.waiting_weeks,
                "is_active": offer.is_active}

    def to_data(self) -> services.OfferData:
        c = self.cleaned_data
        return services.OfferData(
            provider=Provider.objects.get(pk=c["provider"]), title=c["title"], kind=c["kind"],
            description=c["description"], target_groups=list(c["target_groups"]),
            municipality_ids=list(c["municipalities"]), capacity=c["capacity"],
            waiting_weeks=c["waiting_weeks"], is_active=c["is_active"])


class ProviderForm(forms.Form):
    """A provider added or changed by the functional administrator (``services.save_provider``)."""

    name = forms.CharField(label=_("Naam"), max_length=200,
                           error_messages={"required": _("Vul de naam van de aanbieder in.")})
    organisation = forms.TypedChoiceField(
        label=_("Organisatie in Eendak"), coerce=int, empty_value=None, required=False,
        help_text=_("De medewerkers van deze organisatie houden de wachttijd en capaciteit van het "
                    "aanbod bij. Leeg: alleen het functioneel beheer."),
        error_messages={"invalid_choice": CHOOSE_FROM_LIST})
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https",
                             error_messages={"invalid": _("Vul een geldig webadres in, "
                                                          "bijvoorbeeld https://www.voorbeeld.nl.")})
    phone = forms.CharField(label=_("Telefoon"), max_length=30, required=False)
    is_active = forms.BooleanField(label=_("Actief"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("Geen")), *Organisation.objects.filter(
            is_active=True).order_by("name").values_list("pk", "name")]

    @classmethod
    def initial_for(cls, provider) -> dict:
        return {"name": provider.name, "organisation": provider.organisation_id,
                "website": provider.website, "phone": provider.phone,
                "is_active": provider.is_active}

    def to_kwargs(self) -> dict:
        c = self.cleaned_data
        organisation = (Organisation.objects.get(pk=c["organisation"])
                        if c["organisation"] else None)
        return {"name": c["name"], "organisation": organisation, "website": c["website"],
                "phone": c["phone"], "is_active": c["is_active"]}


def add_violation(form, exc) -> None:
    """A service's ``RuleViolation`` at its field (or above the form)."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
