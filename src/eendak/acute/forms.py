"""Forms of the Spoedplein's screens.

They check what was typed and say what is wrong in Dutch, at the field; the rules themselves (an
injury on a region of the body map, a report to Veilig Thuis about at least one person, a share on a
recorded basis) live in ``acute.services`` and come back as a ``RuleViolation`` that ``add_violation``
puts on the field it names. Field names follow the services' ``field=`` names, so that mapping is
the identity.

Choices are bounded to what the user can pick here, handed in by the view: the candidates the
patient search returned, the persons of this presentation, the next states of willingness, the
organisations a forensic report can go to. The shared field builders are the case file's
(``cases.forms``), so a date or a choice reads and fails the same on every screen.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eendak.cases.forms import (
    EMPTY,
    LocalDateTimeField,
    add_violation,
    choice_field,
    date_field,
    id_choice,
    person_label,
    text_field,
)
from eendak.intake.forms import new_submission_key
from eendak.persons.forms import BSNField, DutchDateField, KnownPersonSearchForm
from eendak.persons.models import Sex
from eendak.persons.registry import PersonData

from . import bodymap, screening
from .workflow import (
    CompanionRole,
    ContactKind,
    Destination,
    ElderAbuseKind,
    ExplanationFit,
    FollowUpKind,
    HagueReason,
    InjuryAge,
    InjuryKind,
    Pathway,
    ShareBasis,
    ShareItem,
    SuspectedRelation,
    YesNoUnknown,
)

__all__ = ["add_violation"]  # the views put a service's message on its field with it

NEW_PERSON = "new"


class PatientSearchForm(KnownPersonSearchForm):
    """Who the patient may already be: by BSN, or by surname with given name and date of birth."""


def _choices(objects, label=lambda o: o.name):
    return [(o.pk, label(o)) for o in objects]


class PersonFields(forms.Form):
    """A person not found by the search: the fields of ``persons.registry.PersonData``."""

    given_names = text_field(_("Voornamen"), required=False, max_length=200)
    surname_prefix = text_field(_("Voorvoegsel"), required=False, max_length=20,
                                help_text=_("Bijvoorbeeld ‘van der’."))
    surname = text_field(_("Achternaam"), required=False, max_length=200)
    date_of_birth = DutchDateField(label=_("Geboortedatum"), required=False,
                                   help_text=_("Als dd-mm-jjjj."))
    bsn = BSNField(label=_("BSN (als bekend)"))
    sex = choice_field(_("Geslacht"), Sex.choices, required=False)

    def person_data(self, municipality_id=None) -> PersonData:
        data = self.cleaned_data
        return PersonData(given_names=data["given_names"].strip() or "onbekend",
                          surname_prefix=data["surname_prefix"].strip(),
                          surname=data["surname"].strip(), date_of_birth=data["date_of_birth"],
                          sex=data["sex"] or Sex.UNKNOWN, bsn=data["bsn"],
                          municipality_id=municipality_id)


class DetailsForm(forms.Form):
    """The visit's details: the pathway, who came along, the explanation, the Hague protocol's
    questions and the pathway's own parts (sexual violence, elder abuse)."""

    pathway = choice_field(_("Route"), Pathway.choices, message=_("Kies de route."))
    accompanied_by = text_field(_("Gekomen met"), required=False, max_length=200,
                                help_text=_("Bijvoorbeeld ‘moeder’, ‘partner’, ‘ambulance’."))
    explanation = text_field(_("Uitleg over het ontstaan"), required=False, rows=3,
                             help_text=_("Zoals verteld, in de woorden van de patiënt of "
                                         "begeleider."))
    complaint = text_field(_("Reden van komst en medische zorg"), required=False, rows=3)
    hague_reason = choice_field(_("Reden van komst volgens het Haags protocol"),
                                HagueReason.choices, required=False,
                                help_text=_("Bij een volwassene na huiselijk geweld, een "
                                            "suïcidepoging of intoxicatie."))
    children_at_home = choice_field(_("Minderjarige kinderen thuis"), YesNoUnknown.choices,
                                    required=False)
    incident_at = LocalDateTimeField(label=_("Moment van het incident"), required=False,
                                     help_text=_("Bij seksueel geweld verplicht: binnen 7 dagen is "
                                                 "het acuut."))
    psychological_first_aid = forms.BooleanField(label=_("Psychologische eerste hulp gegeven"),
                                                 required=False)
    case_manager = text_field(_("Casemanager (Centrum Seksueel Geweld)"), required=False,
                              max_length=200)
    elder_abuse_kinds = forms.MultipleChoiceField(
        label=_("Vormen van ouderenmishandeling"), choices=ElderAbuseKind.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies de vormen van ouderenmishandeling uit de lijst.")})
    suspected_relation = choice_field(_("Relatie vermoedelijke pleger"),
                                      SuspectedRelation.choices, required=False)

    def details(self) -> dict:
        """The cleaned details as the services take them (an empty choice is the model's default)."""
        data = self.cleaned_data
        return {
            "pathway": data["pathway"],
            "accompanied_by": data["accompanied_by"], "explanation": data["explanation"],
            "complaint": data["complaint"],
            "hague_reason": data["hague_reason"] or HagueReason.NONE,
            "children_at_home": data["children_at_home"] or YesNoUnknown.UNKNOWN,
            "incident_at": data["incident_at"],
            "psychological_first_aid": data["psychological_first_aid"],
            "case_manager": data["case_manager"],
            "elder_abuse_kinds": list(data["elder_abuse_kinds"]),
            "suspected_relation": data["suspected_relation"] or SuspectedRelation.UNKNOWN,
        }


class RegisterForm(PersonFields, DetailsForm):
    """A new presentation: the patient (a candidate the search returned, or a new person), the
    moment of arrival and the visit's details."""

    patient = forms.ChoiceField(label=_("Patiënt"), required=False, widget=forms.RadioSelect,
                                error_messages={"invalid_choice": _(
                                    "Deze persoon is niet (meer) gevonden. Zoek opnieuw of leg een "
                                    "nieuwe persoon vast.")})
    municipality = id_choice(_("Woongemeente"), [], required=False,
                             help_text=_("Leeg laten bij een gevonden persoon: dan geldt diens "
                                         "woongemeente."))
    arrived_at = LocalDateTimeField(label=_("Aankomst op het Spoedplein"), required=False,
                                    help_text=_("Leeg laten voor nu."))
    # One form, one presentation (a double click registers nothing twice).
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    field_order = ["patient", "given_names", "surname_prefix", "surname", "date_of_birth", "bsn",
                   "sex", "municipality", "pathway", "arrived_at"]

    def __init__(self, *args, candidates=(), municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.fields["patient"].choices = [
            (str(c.person.pk), person_label(c.person)) for c in self.candidates
        ] + [(NEW_PERSON, _("Nieuwe persoon vastleggen"))]
        self.fields["municipality"].choices = EMPTY + _choices(municipalities)
        if not self.is_bound:
            self.initial.setdefault("arrived_at", timezone.localtime().replace(second=0,
                                                                               microsecond=0))
            self.initial.setdefault("patient", NEW_PERSON)
            self.initial.setdefault("submission_key", new_submission_key())

    def clean(self):
        cleaned = super().clean()
        if self.chosen_patient() is None and "surname" not in self.errors and not (
                cleaned.get("surname") or "").strip():
            self.add_error("surname", _("Vul de achternaam in, of kies een gevonden persoon."))
        return cleaned

    def chosen_patient(self):
        pk = (self.cleaned_data or {}).get("patient") or ""
        return next((c.person for c in self.candidates if str(c.person.pk) == pk), None)

    def person_fields_used(self) -> bool:
        return self.chosen_patient() is None


class PersonForm(PersonFields):
    """A child at home, who came along, the suspected perpetrator: named with the presentation."""

    role = choice_field(_("Rol"), CompanionRole.choices, message=_("Kies de rol van deze persoon."))

    field_order = ["role", "given_names", "surname_prefix", "surname", "date_of_birth", "bsn",
                   "sex"]

    def clean(self):
        cleaned = super().clean()
        if "surname" not in self.errors and not (cleaned.get("surname") or "").strip():
            self.add_error("surname", _("Vul de achternaam in."))
        return cleaned


def _millimetres(label):
    return forms.IntegerField(label=label, required=False, min_value=1, max_value=1000,
                              error_messages={
                                  "invalid": _("Geef de maat in hele millimeters."),
                                  "min_value": _("Geef de maat in millimeters (1 tot 1000)."),
                                  "max_value": _("Geef de maat in millimeters (1 tot 1000).")})


class InjuryForm(forms.Form):
    region = forms.ChoiceField(
        label=_("Plaats op het lichaam"), choices=[],
        error_messages={"required": _("Kies de plaats van het letsel op de lichaamskaart."),
                        "invalid_choice": _("Kies de plaats van het letsel op de lichaamskaart.")},
        help_text=_("Links en rechts van de patiënt."))
    kind = choice_field(_("Soort letsel"), InjuryKind.choices, message=_("Kies de soort letsel."))
    length_mm = _millimetres(_("Lengte (mm)"))
    width_mm = _millimetres(_("Breedte (mm)"))
    colour = text_field(_("Kleur"), required=False, max_length=100)
    age_estimate = choice_field(_("Geschatte leeftijd"), InjuryAge.choices, required=False,
                                help_text=_("Een inschatting: de kleur van een blauwe plek dateert "
                                            "hem niet betrouwbaar."))
    patterned = forms.BooleanField(label=_("Met patroon (afdruk van hand, voorwerp, beet)"),
                                   required=False)
    pattern = text_field(_("Patroon"), required=False, max_length=200)
    explanation_fit = choice_field(_("Past het bij de uitleg?"), ExplanationFit.choices,
                                   required=False)
    note = text_field(_("Toelichting"), required=False, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = EMPTY + bodymap.region_choices()


class ScreeningForm(forms.Form):
    ticked = forms.MultipleChoiceField(
        label=_("TEN-4-FACESp: blauwe plekken op"), required=False,
        choices=[(item.code, item.label) for item in screening.ITEMS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies de punten van de checklist uit de lijst.")},
        help_text=_("Voorgevinkt vanuit de lichaamskaart; vink aan of uit wat u zelf ziet."))
    note = text_field(_("Toelichting"), required=False, rows=2)


class ForensicRequestForm(forms.Form):
    question = text_field(_("Vraag aan de forensisch arts"), rows=3,
                          message=_("Beschrijf de vraag aan de forensisch arts."),
                          help_text=_("Bijvoorbeeld: letsel vastleggen; past het bij de uitleg?"))


class ForensicCancelForm(forms.Form):
    reason = text_field(_("Waarom is het onderzoek niet meer nodig?"), rows=2,
                        message=_("Geef aan waarom het onderzoek niet meer nodig is."))


class ForensicReportForm(forms.Form):
    findings = text_field(_("Bevindingen"), rows=6, message=_("Beschrijf de bevindingen."))
    conclusion = text_field(_("Conclusie"), rows=4, message=_("Geef de conclusie."))
    examined_at = LocalDateTimeField(label=_("Onderzocht op"), required=False,
                                     help_text=_("Leeg laten voor nu."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("examined_at", timezone.localtime().replace(second=0,
                                                                                microsecond=0))


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Foto"), help_text=_("JPEG of PNG, ten hoogste 10 MB."),
                           error_messages={"required": _("Kies een foto."),
                                           "empty": _("Dit bestand is leeg.")})
    description = text_field(_("Wat laat de foto zien?"), max_length=200,
                             message=_("Beschrijf wat de foto laat zien."))
    consent_by = text_field(_("Toestemming gegeven door"), max_length=200,
                            message=_("Leg vast wie toestemming gaf voor de foto."),
                            help_text=_("De patiënt, of bij een kind de wettelijk "
                                        "vertegenwoordiger."))


class VeiligThuisForm(forms.Form):
    kind = choice_field(_("Consultatie of melding"), ContactKind.choices, radio=True,
                        message=_("Kies consultatie of melding."))
    text = text_field(_("Uw zorg voor Veilig Thuis"), rows=4,
                      message=_("Beschrijf uw zorg voor Veilig Thuis."),
                      help_text=_("De letselregistratie, de screening en het forensisch rapport "
                                  "gaan mee: het gezin vertelt het verhaal één keer."))
    persons = forms.TypedMultipleChoiceField(
        label=_("Over wie"), choices=[], coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies personen van deze presentatie.")})
    is_acute = forms.BooleanField(label=_("Acuut: veiligheidsbeoordeling binnen 24 uur"),
                                  required=False, initial=True)
    about_children = forms.BooleanField(label=_("Over de kinderen thuis (Haags protocol)"),
                                         required=False)

    def __init__(self, *args, presentation, named, **kwargs):
        super().__init__(*args, **kwargs)
        patient = presentation.patient
        self.fields["persons"].choices = [
            (patient.pk, _("%(name)s (patiënt)") % {"name": person_label(patient)})
        ] + [(n.person.pk, f"{person_label(n.person)} ({n.get_role_display().lower()})")
             for n in named]
        if not self.is_bound:
            self.initial.setdefault("kind", ContactKind.REPORT)
            self.initial.setdefault("persons", [patient.pk])
            if presentation.hague_applies:
                self.initial["about_children"] = True


class WillingnessForm(forms.Form):
    state = choice_field(_("Aangiftebereidheid"), [], radio=True,
                         message=_("Kies de stand van de aangiftebereidheid."))
    note = text_field(_("Toelichting"), required=False, rows=2)
    police_report_on = date_field(_("Datum aangifte"), required=False,
                                  help_text=_("Bij ‘aangifte gedaan’."))
    police_unit = text_field(_("Politie-eenheid"), required=False, max_length=200)
    police_reference = text_field(_("Kenmerk aangifte"), required=False, max_length=60)

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = list(states)


class ShareForm(forms.Form):
    organisation = id_choice(_("Delen met"), [], message=_("Kies de organisatie waarmee u deelt."))
    item = choice_field(_("Wat"), ShareItem.choices, message=_("Kies wat u deelt."),
                        initial=ShareItem.FORENSIC_REPORT)
    basis = choice_field(_("Grondslag"), ShareBasis.choices,
                         message=_("Leg de grondslag vast waarop u het rapport deelt (toestemming, "
                                   "meldrecht of een vordering)."),
                         help_text=_("Zonder vastgelegde grondslag verlaat het rapport het "
                                     "ziekenhuis niet."))
    note = text_field(_("Toelichting"), required=False, rows=2)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = list(organisations)
        self.fields["organisation"].choices = EMPTY + _choices(self.organisations)

    def chosen_organisation(self):
        pk = self.cleaned_data.get("organisation")
        return next((o for o in self.organisations if o.pk == pk), None)


class FollowUpForm(forms.Form):
    kind = choice_field(_("Vervolg"), FollowUpKind.choices, message=_("Kies het vervolg."))
    organisation = id_choice(_("Organisatie"), [], required=False,
                             help_text=_("Leeg bij het lokale team: dan dat van de woongemeente."))
    note = text_field(_("Wat is afgesproken?"), rows=2, message=_("Beschrijf wat is afgesproken."))
    started_on = date_field(_("Gestart op"), required=False, help_text=_("Leeg laten voor vandaag."))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = list(organisations)
        self.fields["organisation"].choices = EMPTY + _choices(self.organisations)

    def chosen_organisation(self):
        pk = self.cleaned_data.get("organisation")
        return next((o for o in self.organisations if o.pk == pk), None)


class DischargeForm(forms.Form):
    safe_to_go_home = choice_field(
        _("Is het vanavond veilig om naar huis te gaan?"),
        [(YesNoUnknown.YES, _("Ja")), (YesNoUnknown.NO, _("Nee"))], radio=True,
        message=_("Beantwoord of het veilig is om naar huis te gaan."))
    destination = choice_field(_("Gaat naar"), Destination.choices,
                               message=_("Kies waar de patiënt naartoe gaat."))
    safety_conditions = text_field(_("Veiligheidsafspraken met het gezin"), required=False,
                                   rows=3)

