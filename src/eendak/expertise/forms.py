"""Forms of the Expertisecentrum's screens.

They check what was typed and say what is wrong in Dutch, at the field; the rules themselves (a
session's end after its start, contact details only when the asker is not anonymous, a report to
Veilig Thuis needing the asker's name and the municipality) live in ``expertise.services`` and come
back as a ``RuleViolation`` that ``add_violation`` puts on the field it names. Field names follow
the services' ``field=`` names, so that mapping is the identity.

Choices are bounded and handed in by the view: the active courses and competencies, a session's
enrolled participants, the suggested experts of a request, the active dialogue leaders, the region's
municipalities. The shared field builders are the case file's (``cases.forms``), so a date or a
choice reads and fails the same on every screen.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from eendak.cases.forms import (
    CHOOSE_FROM_LIST,
    EMPTY,
    LocalDateTimeField,
    add_violation,
    choice_field,
    date_field,
    id_choice,
    text_field,
)

from .workflow import (
    AskerType,
    Audience,
    Community,
    EventKind,
    EventStatus,
    ExpertPurpose,
    ExpertTheme,
    MeetingSetting,
    MeetingTopic,
    QuestionFollowUp,
    QuestionTopic,
    Referral,
    SignalDestination,
)

__all__ = ["add_violation"]  # the views put a service's message on its field with it

SCORES = [(n, str(n)) for n in range(1, 6)]


def _choices(objects, label=str):
    return [(o.pk, label(o)) for o in objects]


def multiple(label, choices, *, message=None, help_text=""):
    """Several values of a fixed list, as checkboxes."""
    errors = {"invalid_choice": CHOOSE_FROM_LIST}
    if message:
        errors["required"] = message
    return forms.MultipleChoiceField(label=label, choices=choices, required=bool(message),
                                     widget=forms.CheckboxSelectMultiple, help_text=help_text,
                                     error_messages=errors)


def multiple_ids(label, *, help_text=""):
    """Several objects of a bounded list, by primary key (cleaned to ints), as checkboxes."""
    return forms.TypedMultipleChoiceField(
        label=label, choices=[], coerce=int, required=False, help_text=help_text,
        widget=forms.CheckboxSelectMultiple, error_messages={"invalid_choice": CHOOSE_FROM_LIST})


def number(label, *, minimum, maximum, required=True, message=None, help_text=""):
    errors = {"invalid": _("Vul een heel getal in."),
              "min_value": _("Vul een getal van %(min)s tot %(max)s in.")
              % {"min": minimum, "max": maximum},
              "max_value": _("Vul een getal van %(min)s tot %(max)s in.")
              % {"min": minimum, "max": maximum}}
    if message:
        errors["required"] = message
    return forms.IntegerField(label=label, min_value=minimum, max_value=maximum,
                              required=required, help_text=help_text, error_messages=errors)


def flag(label, *, initial=False, help_text=""):
    return forms.BooleanField(label=label, required=False, initial=initial, help_text=help_text)


def languages_of(text: str) -> list[str]:
    """"Turks, Nederlands" as the list the services take."""
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]


# --- Werken aan Veiligheid: standards and competencies ------------------------------------------


class StandardForm(forms.Form):
    code = text_field(_("Code"), max_length=12, message=_("Vul de code in."))
    title = text_field(_("Standaard"), max_length=200,
                       message=_("Vul de naam van de standaard in."))
    order = number(_("Volgorde"), minimum=0, maximum=999, required=False)


class CompetencyForm(forms.Form):
    standard = id_choice(_("Standaard"), [], message=_("Kies de standaard."))
    code = text_field(_("Code"), max_length=12, message=_("Vul de code in."))
    title = text_field(_("Competentie"), max_length=200,
                       message=_("Vul de naam van de competentie in."))
    description = text_field(_("Omschrijving"), required=False, rows=3)
    required = flag(_("Vereist voor medewerkers van een lokaal team"), initial=True)
    is_active = flag(_("Actief"), initial=True)

    def __init__(self, *args, standards, **kwargs):
        super().__init__(*args, **kwargs)
        self.standards = list(standards)
        self.fields["standard"].choices = EMPTY + _choices(self.standards)

    def chosen_standard(self):
        pk = self.cleaned_data.get("standard")
        return next((s for s in self.standards if s.pk == pk), None)


# --- Trainings ---------------------------------------------------------------------------------------


class CourseForm(forms.Form):
    title = text_field(_("Titel"), max_length=200, message=_("Vul de titel van de training in."))
    description = text_field(_("Omschrijving"), required=False, rows=3)
    audiences = multiple(_("Doelgroepen"), Audience.choices,
                         message=_("Kies ten minste één doelgroep."))
    competencies = multiple_ids(_("Competenties die de training opbouwt"),
                                help_text=_("Wie de training bijwoont, heeft deze competenties "
                                            "zolang het certificaat geldig is."))
    duration_hours = forms.DecimalField(
        label=_("Duur (uren)"), min_value=0.5, max_value=200, decimal_places=1,
        error_messages={"required": _("Geef de duur in uren (0,5 tot 200)."),
                        "invalid": _("Geef de duur in uren (0,5 tot 200)."),
                        "min_value": _("Geef de duur in uren (0,5 tot 200)."),
                        "max_value": _("Geef de duur in uren (0,5 tot 200)."),
                        "max_decimal_places": _("Geef de duur in hele of halve uren.")},
        localize=True)
    validity_months = number(_("Geldigheid (maanden)"), minimum=0, maximum=120,
                             message=_("Geef de geldigheid in maanden (0 = verloopt niet, tot "
                                       "120)."),
                             help_text=_("0 = het certificaat verloopt niet."))
    is_active = flag(_("Actief (er kunnen bijeenkomsten van worden gepland)"), initial=True)

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].choices = _choices(competencies)


class SessionForm(forms.Form):
    course = id_choice(_("Training"), [], message=_("Kies een actieve training."))
    starts_at = LocalDateTimeField(label=_("Begint"))
    ends_at = LocalDateTimeField(label=_("Eindigt"))
    place = text_field(_("Plaats"), max_length=200, message=_("Vul de plaats in."))
    trainer = text_field(_("Trainer"), max_length=200, message=_("Vul de trainer in."))
    capacity = number(_("Aantal plaatsen"), minimum=1, maximum=500,
                      message=_("Geef het aantal plaatsen (1 tot 500)."))

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.courses = list(courses)
        self.fields["course"].choices = EMPTY + _choices(self.courses)
        self.fields["starts_at"].error_messages["required"] = _("Vul het begin in.")
        self.fields["ends_at"].error_messages["required"] = _("Vul het einde in.")

    def chosen_course(self):
        pk = self.cleaned_data.get("course")
        return next((c for c in self.courses if c.pk == pk), None)


class RegistrantForm(forms.Form):
    """Someone enrolled by the Expertisecentrum (by phone, by e-mail)."""

    name = text_field(_("Naam"), max_length=200, message=_("Vul de naam in."))
    email = forms.EmailField(label=_("E-mail"), max_length=254,
                             error_messages={"required": _("Vul het e-mailadres in."),
                                             "invalid": _("Vul een geldig e-mailadres in.")})
    organisation_name = text_field(_("Organisatie"), required=False, max_length=200)
    job = text_field(_("Functie"), required=False, max_length=200)


class AttendanceForm(forms.Form):
    present = multiple_ids(_("Aanwezig"),
                           help_text=_("Vink aan wie er was. Wie aanwezig was, krijgt een "
                                       "certificaat en de competenties van de training."))

    def __init__(self, *args, enrolled, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = _choices(
            enrolled, lambda e: f"{e.name} ({e.organisation_name})" if e.organisation_name
            else e.name)


class EvaluationForm(forms.Form):
    score = forms.TypedChoiceField(label=_("Waardering (1 = slecht, 5 = uitstekend)"),
                                   choices=SCORES, coerce=int, widget=forms.RadioSelect,
                                   error_messages={"required": _("Kies een waardering van 1 tot 5."),
                                                   "invalid_choice": CHOOSE_FROM_LIST})
    useful_for_work = forms.TypedChoiceField(
        label=_("Bruikbaar in het werk (1 = niet, 5 = zeer)"), choices=SCORES, coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een waardering van 1 tot 5."),
                        "invalid_choice": CHOOSE_FROM_LIST})
    comment = text_field(_("Opmerkingen"), required=False, rows=3)


# --- Advice questions --------------------------------------------------------------------------------


class QuestionForm(forms.Form):
    asker_type = choice_field(_("Wie stelt de vraag?"), AskerType.choices, radio=True,
                              message=_("Kies wie de vraag stelt."))
    topic = choice_field(_("Onderwerp"), QuestionTopic.choices, message=_("Kies het onderwerp."))
    question = text_field(_("Vraag"), rows=5, message=_("Beschrijf de vraag."),
                          help_text=_("Zonder namen of adressen van het huishouden: gaat het om een "
                                      "onveilig huishouden, verwijs dan door naar Veilig Thuis."))
    anonymous = flag(_("Anoniem"), initial=True,
                     help_text=_("Standaard anoniem. Zet dit uit als de vraagsteller teruggebeld "
                                 "of gemaild wil worden."))
    contact_name = text_field(_("Naam vraagsteller"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("E-mail vraagsteller"), required=False,
                                     max_length=254,
                                     error_messages={"invalid": _("Vul een geldig e-mailadres "
                                                                  "in.")})
    contact_phone = text_field(_("Telefoon vraagsteller"), required=False, max_length=30)
    received_at = LocalDateTimeField(label=_("Ontvangen op"), required=False,
                                     help_text=_("Leeg laten voor nu."))


class AnswerForm(forms.Form):
    answer = text_field(_("Antwoord"), rows=5, message=_("Schrijf het antwoord."))
    follow_up = choice_field(_("Vervolg"), QuestionFollowUp.choices, radio=True,
                             message=_("Kies het vervolg."))


class ReferForm(forms.Form):
    as_ = choice_field(_("Doorverwijzen als"), Referral.choices, radio=True,
                       message=_("Kies adviesvraag of melding."),
                       help_text=_("Een melding heeft de naam van de vraagsteller (niet anoniem) "
                                   "en de gemeente van het huishouden nodig."))
    municipality = id_choice(_("Gemeente van het huishouden"), [], required=False)
    note = text_field(_("Toelichting voor Veilig Thuis"), required=False, rows=3)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = EMPTY + _choices(municipalities, lambda m: m.name)


# --- Experience experts ------------------------------------------------------------------------------


class ExpertForm(forms.Form):
    pseudonym = text_field(_("Schuilnaam"), max_length=100, message=_("Vul een schuilnaam in."),
                           help_text=_("Nooit de echte naam."))
    themes = multiple(_("Thema's"), ExpertTheme.choices, message=_("Kies ten minste één thema."))
    languages = text_field(_("Talen"), max_length=300, message=_("Vul ten minste één taal in."),
                           help_text=_("Gescheiden door komma's, bijvoorbeeld: Nederlands, "
                                       "Turks."))
    availability = text_field(_("Beschikbaarheid"), required=False, max_length=200)
    aftercare = text_field(_("Nazorg (afspraken)"), required=False, rows=3)
    is_active = flag(_("Actief in de pool"), initial=True)


class ExpertRequestForm(forms.Form):
    purpose = choice_field(_("Waarvoor"), ExpertPurpose.choices, radio=True,
                           message=_("Kies waarvoor de ervaringsdeskundige komt."))
    wanted_on = date_field(_("Gewenste datum"), message=_("Kies de gewenste datum."))
    themes = multiple(_("Thema's"), ExpertTheme.choices)
    language = text_field(_("Taal"), max_length=40, required=False, initial="Nederlands")
    note = text_field(_("Toelichting"), required=False, rows=3,
                      help_text=_("Bijvoorbeeld de groep, het aantal deelnemers en de plaats. "
                                  "Geen namen van cliënten."))
    requester = text_field(_("Aanvrager"), required=False, max_length=200,
                           help_text=_("Leeg laten: uw eigen naam."))


class MatchForm(forms.Form):
    expert = id_choice(_("Ervaringsdeskundige"), [],
                       message=_("Kies een actieve ervaringsdeskundige."))

    def __init__(self, *args, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        self.experts = [expert for expert, _score in suggestions]
        self.fields["expert"].choices = EMPTY + [
            (expert.pk, _("%(name)s (past: %(score)s)") % {"name": expert.pseudonym,
                                                           "score": score})
            for expert, score in suggestions]

    def chosen_expert(self):
        pk = self.cleaned_data.get("expert")
        return next((e for e in self.experts if e.pk == pk), None)


class ScheduleForm(forms.Form):
    scheduled_at = LocalDateTimeField(label=_("Ingepland op"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheduled_at"].error_messages["required"] = _("Kies het moment.")


class DebriefForm(forms.Form):
    debrief = text_field(_("Nabespreking"), rows=4, message=_("Leg de nabespreking vast."))
    aftercare_offered = flag(_("Nazorg aangeboden"),
                             help_text=_("Het eigen verhaal vertellen kost iets: bied nazorg "
                                         "aan."))


class ReasonForm(forms.Form):
    reason = text_field(_("Reden"), rows=2, message=_("Geef de reden."))


# --- Awareness --------------------------------------------------------------------------------------


class CampaignForm(forms.Form):
    title = text_field(_("Titel"), max_length=200, message=_("Vul de titel in."))
    starts_on = date_field(_("Van"), message=_("Vul de begindatum in."))
    ends_on = date_field(_("Tot en met"), message=_("De einddatum ligt op of na de begindatum."))
    description = text_field(_("Omschrijving"), required=False, rows=3)


class EventForm(forms.Form):
    title = text_field(_("Titel"), max_length=200, message=_("Vul de titel in."))
    kind = choice_field(_("Soort"), EventKind.choices, message=_("Kies de soort bijeenkomst."))
    starts_at = LocalDateTimeField(label=_("Begint"))
    place = text_field(_("Plaats"), max_length=200, message=_("Vul de plaats in."))
    capacity = number(_("Aantal plaatsen"), minimum=1, maximum=5000, required=False,
                      help_text=_("Leeg laten: geen maximum."))
    is_public = flag(_("Openbaar (op de publieke pagina's, met aanmelden)"), initial=True)
    campaign = id_choice(_("Campagne"), [], required=False)

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaigns = list(campaigns)
        self.fields["campaign"].choices = EMPTY + _choices(self.campaigns)
        self.fields["starts_at"].error_messages["required"] = _("Vul het begin in.")

    def chosen_campaign(self):
        pk = self.cleaned_data.get("campaign")
        return next((c for c in self.campaigns if c.pk == pk), None)


class CloseEventForm(forms.Form):
    status = choice_field(_("Afloop"), [(EventStatus.HELD, _("Gehouden")),
                                        (EventStatus.CANCELLED, _("Geannuleerd"))], radio=True,
                          message=_("Kies gehouden of geannuleerd."))
    reach = number(_("Bereik (aantal deelnemers)"), minimum=0, maximum=1_000_000, required=False,
                   help_text=_("Nodig bij een gehouden bijeenkomst."))


# --- Dialogue leaders and meetings ---------------------------------------------------------------


class LeaderForm(forms.Form):
    name = text_field(_("Naam"), max_length=200, message=_("Vul de naam in."))
    community = choice_field(_("Gemeenschap"), Community.choices,
                             message=_("Kies de gemeenschap."))
    languages = text_field(_("Talen"), max_length=300, message=_("Vul ten minste één taal in."),
                           help_text=_("Gescheiden door komma's, bijvoorbeeld: Somalisch, "
                                       "Nederlands."))
    trained_on = date_field(_("Getraind op"), required=False)
    trained_by = text_field(_("Getraind door"), required=False, max_length=200,
                            initial="Stichting Kezban")
    is_active = flag(_("Actief"), initial=True)


class MeetingForm(forms.Form):
    leader = id_choice(_("Dialoogleider"), [], message=_("Kies de dialoogleider."))
    held_on = date_field(_("Datum"), message=_("Vul de datum in."))
    setting = choice_field(_("Setting"), MeetingSetting.choices, message=_("Kies de setting."))
    partner = text_field(_("Partnerorganisatie"), required=False, max_length=200,
                         help_text=_("Bijvoorbeeld GGD Hart van Brabant of Contour de Twern."))
    language = text_field(_("Taal"), max_length=40, message=_("Vul de taal in."))
    participants = number(_("Aantal deelnemers"), minimum=1, maximum=500,
                          message=_("Vul het aantal deelnemers in (1 tot 500)."))
    topics = multiple(_("Onderwerpen"), MeetingTopic.choices,
                      message=_("Kies ten minste één onderwerp."))
    notes = text_field(_("Verloop (zonder namen)"), required=False, rows=4,
                       help_text=_("Geen namen van deelnemers: alleen wat er besproken is."))

    def __init__(self, *args, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.leaders = list(leaders)
        self.fields["leader"].choices = EMPTY + _choices(self.leaders)

    def chosen_leader(self):
        pk = self.cleaned_data.get("leader")
        return next((leader for leader in self.leaders if leader.pk == pk), None)


class SignalForm(forms.Form):
    text = text_field(_("Signaal (zonder namen)"), rows=3,
                      message=_("Beschrijf het signaal (zonder namen)."))
    to = choice_field(_("Doorgeven aan"), SignalDestination.choices, radio=True,
                      message=_("Kies aan wie het signaal wordt doorgegeven."),
                      help_text=_("Aan Veilig Thuis gaat het anoniem, als adviesvraag; hier blijft "
                                  "alleen het kenmerk."))
