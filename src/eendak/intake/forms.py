"""Forms of the intake screens.

They check what was typed and say what is wrong in Dutch, at the field; the rules themselves (what
a report needs, which step may follow which) live in ``intake.services`` and come back as a
``RuleViolation`` that ``add_violation`` puts on the right field. Nothing typed is lost on an error:
every form here re-renders bound, and ``quiet`` keeps a half-filled form on screen without judging
it while the officer is still searching for persons or adding a row.
"""

import uuid

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eendak.core.exceptions import RuleViolation
from eendak.core.models import Municipality, Organisation
from eendak.persons import bsn as bsn_module
from eendak.persons.forms import DutchDateField, KnownPersonSearchForm
from eendak.persons.models import BSNStatus, PersonBSN, Sex
from eendak.persons.registry import PersonData, validate_bsn_input, validate_date_of_birth

from . import instruments
from .categories import (
    AdditionalViolenceInfo,
    InvestigationResult,
    ReporterRole,
    ReporterSector,
    ViolenceDuration,
    ViolenceType,
)
from .instruments.rihg import PARTS as INSTRUMENT_PARTS
from .models import AdviceFollowUp, AskerType, Channel, PersonRole, Triage
from .services import AdviceData, InvolvedPerson, ReportData, ReporterData
from .workflow import DecisionKind, HandoverTarget, ReportStatus

# Officers retype reports that came by phone, police, hospital or letter; web-form reports arrive
# through the public entry by themselves.
OFFICER_CHANNELS = [c for c in Channel.choices if c[0] != Channel.WEB_FORM]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y %H.%M",
                          "%Y-%m-%d %H:%M", "%d-%m-%Y"]
YES_NO = [("ja", _("Ja")), ("nee", _("Nee"))]
EMPTY = [("", "—")]


def new_submission_key() -> str:
    return uuid.uuid4().hex


def quiet(form):
    """Show a bound form (or formset) with what was typed, without validating it.

    Used while the officer is still busy — searching for a person, adding a row — so a half-filled
    report does not light up red before "Opslaan" is pressed.
    """
    if isinstance(form, forms.BaseFormSet):
        form._errors = [ErrorDict() for _ in form.forms]
        form._non_form_errors = form.error_class(error_class="nonform")
        for sub in form.forms:
            sub._errors = ErrorDict()
        return form
    form._errors = ErrorDict()
    return form


def add_violation(form, exc: RuleViolation, field_map: dict | None = None) -> None:
    """Put a service's Dutch message on the field it names, or at the top of the form."""
    name = (field_map or {}).get(exc.field, exc.field)
    form.add_error(name if name in form.fields else None, exc.message)


def yes_no(label, **kwargs):
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, coerce=lambda value: value == "ja", widget=forms.RadioSelect,
        error_messages={"required": _("Kies ja of nee.")}, **kwargs)


class LocalDateTimeField(forms.DateTimeField):
    """A moment as the browser's date-and-time field sends it, or typed as dd-mm-jjjj uu:mm."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATETIME_INPUT_FORMATS)
        kwargs.setdefault("widget", forms.DateTimeInput(format="%Y-%m-%dT%H:%M",
                                                         attrs={"type": "datetime-local"}))
        messages = {"invalid": _("Dit moment bestaat niet of is niet als dd-mm-jjjj uu:mm "
                                 "geschreven, bijvoorbeeld 27-11-2026 14:30.")}
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=messages, **kwargs)


def local_now_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


# --- A new report -------------------------------------------------------------------------------


class ReportForm(forms.Form):
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    channel = forms.ChoiceField(label=_("Kanaal"), choices=OFFICER_CHANNELS,
                                error_messages={"required": _("Kies hoe de melding binnenkwam.")})
    received_at = LocalDateTimeField(label=_("Ontvangen op"),
                                     error_messages={"required": _("Vul in wanneer de melding "
                                                                   "binnenkwam.")})
    is_acute = forms.BooleanField(label=_("Acuut: veiligheidsbeoordeling binnen 24 uur"),
                                  required=False)
    reporter_name = forms.CharField(
        label=_("Naam melder"), max_length=200,
        error_messages={"required": _("Vul de naam van de melder in. Wil de melder anoniem blijven, "
                                      "registreer dan een adviesvraag.")})
    reporter_is_professional = forms.BooleanField(label=_("De melder meldt beroepsmatig"),
                                                  required=False)
    reporter_role = forms.ChoiceField(label=_("Rol melder (CBS)"), choices=ReporterRole.choices,
                                      initial=ReporterRole.UNKNOWN)
    reporter_sector = forms.ChoiceField(label=_("Sector melder (CBS)"),
                                        choices=ReporterSector.choices,
                                        initial=ReporterSector.NOT_APPLICABLE)
    reporter_organisation = forms.CharField(label=_("Organisatie melder"), max_length=200,
                                            required=False)
    reporter_phone = forms.CharField(label=_("Telefoon melder"), max_length=30, required=False)
    reporter_email = forms.EmailField(label=_("E-mail melder"), required=False,
                                      error_messages={"invalid": _("Dit is geen geldig "
                                                                   "e-mailadres.")})
    reporter_relation = forms.CharField(label=_("Relatie tot het gezin"), max_length=200,
                                        required=False,
                                        help_text=_("Bijvoorbeeld buurvrouw, leerkracht, huisarts."))
    reporter_stays_unknown = forms.BooleanField(
        label=_("De melder wil onbekend blijven voor het gezin"), required=False,
        help_text=_("Wie het gezin informeert of spreekt, ziet deze waarschuwing bij de melding."))
    violence_types = forms.MultipleChoiceField(
        label=_("Soorten geweld"), choices=ViolenceType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één soort geweld (of ‘Onbekend’).")})
    additional_info = forms.MultipleChoiceField(
        label=_("Aanvullende informatie"), choices=AdditionalViolenceInfo.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    duration = forms.ChoiceField(label=_("Hoe lang speelt het geweld?"),
                                 choices=ViolenceDuration.choices, initial=ViolenceDuration.UNKNOWN)
    account = forms.CharField(
        label=_("Relaas"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Wat heeft de melder gezien of gehoord? In de woorden van de melder."),
        error_messages={"required": _("Beschrijf wat de melder heeft gezien of gehoord.")})
    municipality = forms.ModelChoiceField(
        label=_("Gemeente van het huishouden"), queryset=Municipality.objects.order_by("name"),
        required=False, empty_label=_("— onbekend of volgt uit het bekende huishouden —"))

    def clean_account(self):
        value = self.cleaned_data["account"].strip()
        if not value:
            raise forms.ValidationError(self.fields["account"].error_messages["required"])
        return value

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value and value > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError(_("Het moment van ontvangst ligt in de toekomst."))
        return value


class NewPersonForm(forms.Form):
    """A person not found by the search. Untouched rows are skipped (the formset's extra rows)."""

    BSN_CHOICES = [("known", _("BSN bekend")), (BSNStatus.ABSENT, _("Geen BSN")),
                   (BSNStatus.WITHHELD, _("BSN achtergehouden voor de veiligheid"))]

    role = forms.ChoiceField(label=_("Rol in de melding"), choices=EMPTY + PersonRole.choices,
                             required=False)
    given_names = forms.CharField(label=_("Voornamen"), max_length=200, required=False)
    surname_prefix = forms.CharField(label=_("Voorvoegsel"), max_length=20, required=False,
                                     help_text=_("Bijvoorbeeld ‘van der’."))
    surname = forms.CharField(label=_("Achternaam"), max_length=200, required=False)
    birth_surname = forms.CharField(label=_("Geboortenaam"), max_length=200, required=False,
                                    help_text=_("Als die anders is dan de achternaam."))
    date_of_birth = DutchDateField(label=_("Geboortedatum"), required=False)
    sex = forms.ChoiceField(label=_("Geslacht"), choices=EMPTY + Sex.choices, required=False)
    street = forms.CharField(label=_("Straat"), max_length=200, required=False)
    house_number = forms.CharField(label=_("Huisnummer"), max_length=20, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    city = forms.CharField(label=_("Woonplaats"), max_length=100, required=False)
    bsn_status = forms.ChoiceField(label=_("BSN"), choices=BSN_CHOICES, required=False,
                                   widget=forms.RadioSelect)
    bsn = forms.CharField(label=_("BSN-nummer"), max_length=20, required=False,
                          widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                        "autocomplete": "off"}))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("role"):
            self.add_error("role", _("Kies de rol van deze persoon in de melding."))
        if not (cleaned.get("surname") or "").strip():
            self.add_error("surname", _("Vul de achternaam in."))
        if not (cleaned.get("given_names") or "").strip():
            self.add_error("given_names", _("Vul de voornamen in (of ‘onbekend’)."))
        if cleaned.get("date_of_birth"):
            try:
                validate_date_of_birth(cleaned["date_of_birth"])
            except RuleViolation as exc:
                self.add_error("date_of_birth", exc.message)
        self._clean_bsn(cleaned)
        return cleaned

    def _clean_bsn(self, cleaned):
        status = cleaned.get("bsn_status") or ""
        typed = (cleaned.get("bsn") or "").strip()
        if status in (BSNStatus.ABSENT, BSNStatus.WITHHELD) and typed:
            self.add_error("bsn", _("U koos ‘geen BSN’ of ‘achtergehouden’: laat het nummer dan "
                                    "leeg."))
            return
        if status == "known" and not typed:
            self.add_error("bsn", _("Vul het BSN in, of kies ‘Geen BSN’."))
            return
        try:
            resolved, digits = validate_bsn_input(typed, "" if status == "known" else status)
        except RuleViolation as exc:
            self.add_error("bsn", exc.message)
            return
        if digits and PersonBSN.objects.filter(lookup_hash=bsn_module.lookup_hash(digits)).exists():
            self.add_error("bsn", _("Er bestaat al een persoon met dit BSN. Zoek op dit BSN en kies "
                                    "die persoon."))
            return
        cleaned["bsn"], cleaned["bsn_status"] = digits, resolved

    def person_data(self, municipality_id) -> PersonData:
        data = self.cleaned_data
        return PersonData(
            given_names=data["given_names"].strip(), surname=data["surname"].strip(),
            surname_prefix=data["surname_prefix"].strip(),
            birth_surname=data["birth_surname"].strip(), date_of_birth=data["date_of_birth"],
            sex=data["sex"] or Sex.UNKNOWN, street=data["street"].strip(),
            house_number=data["house_number"].strip(), postcode=data["postcode"].strip(),
            city=data["city"].strip(), municipality_id=municipality_id, bsn=data["bsn"],
            bsn_status=data["bsn_status"],
        )


class BaseNewPersonFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.filled_forms():
            digits = form.cleaned_data.get("bsn")
            if digits and digits in seen:
                form.add_error("bsn", _("Dit BSN staat al bij een andere nieuwe persoon."))
            seen.add(digits)

    def filled_forms(self):
        return [form for form in self.forms
                if form.has_changed() and not self._should_delete_form(form)]


NewPersonFormSet = forms.formset_factory(NewPersonForm, formset=BaseNewPersonFormSet, extra=1,
                                         can_delete=True, max_num=30, absolute_max=30)


class ChosenPersons:
    """Existing persons the officer ticked in the search results, each with a role.

    Posted as ``gekozen`` (ids) and ``gekozen-rol-<id>``: plain checkboxes and selects, so picking
    persons works without JavaScript and survives every re-render of the form.
    """

    FIELD = "gekozen"

    def __init__(self, data=None):
        self.roles: dict[int, str] = {}
        self.errors: dict[int, str] = {}
        for raw in (data.getlist(self.FIELD) if data is not None else []):
            try:
                pk = int(raw)
            except (TypeError, ValueError):
                continue
            role = data.get(f"{self.FIELD}-rol-{pk}", "")
            self.roles[pk] = role if role in PersonRole.values else ""

    @property
    def ids(self) -> list[int]:
        return list(self.roles)

    def is_valid(self, known_ids) -> bool:
        self.errors = {pk: str(_("Kies de rol van deze persoon in de melding."))
                       for pk in known_ids if not self.roles.get(pk)}
        return not self.errors


class ReportDraft:
    """Everything on the "new report" page, bound together: the report, the person search, the new
    persons and the chosen existing ones — one POST, one re-render, nothing typed lost."""

    def __init__(self, data=None, *, add_row: bool = False):
        initial = {"submission_key": new_submission_key(), "received_at": local_now_minute()}
        self.form = ReportForm(data, initial=initial)
        self.search = KnownPersonSearchForm(data, prefix="zoek")
        if data is not None and add_row:
            data = data.copy()
            key = "nieuw-TOTAL_FORMS"
            try:
                data[key] = str(min(int(data.get(key, "1")) + 1, 30))
            except ValueError:
                data[key] = "2"
        self.people = NewPersonFormSet(data, prefix="nieuw")
        self.chosen = ChosenPersons(data)

    def is_valid(self, known_ids) -> bool:
        results = [self.form.is_valid(), self.people.is_valid(), self.chosen.is_valid(known_ids)]
        return all(results)

    def report_data(self, chosen_persons) -> ReportData:
        data = self.form.cleaned_data
        municipality_id = data["municipality"].pk if data["municipality"] else None
        involved = [InvolvedPerson(self.chosen.roles[p.pk], person=p) for p in chosen_persons]
        involved += [InvolvedPerson(form.cleaned_data["role"],
                                    data=form.person_data(municipality_id))
                     for form in self.people.filled_forms()]
        return ReportData(
            channel=data["channel"], account=data["account"],
            violence_types=list(data["violence_types"]),
            reporter=ReporterData(
                name=data["reporter_name"].strip(), is_professional=data["reporter_is_professional"],
                role=data["reporter_role"], sector=data["reporter_sector"],
                organisation_name=data["reporter_organisation"].strip(),
                phone=data["reporter_phone"].strip(), email=data["reporter_email"].strip(),
                relation=data["reporter_relation"].strip(),
                stays_unknown_to_family=data["reporter_stays_unknown"],
            ),
            involved=involved, municipality_id=municipality_id, duration=data["duration"],
            additional_info=list(data["additional_info"]), is_acute=data["is_acute"],
            received_at=data["received_at"], submission_key=data["submission_key"],
        )

    def add_violation(self, exc: RuleViolation) -> None:
        add_violation(self.form, exc, {"reporter_name": "reporter_name", "involved": None,
                                       "bsn": None, "date_of_birth": None})


# --- The steps on the report page ----------------------------------------------------------------


class AssessmentForm(forms.Form):
    acute_unsafety = yes_no(_("Is er acute onveiligheid?"))
    structural_unsafety = yes_no(_("Is er structurele onveiligheid?"))
    triage = forms.ChoiceField(label=_("Triagesituatie"), choices=Triage.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": _("Kies een triagesituatie.")})
    rationale = forms.CharField(label=_("Onderbouwing"), widget=forms.Textarea(attrs={"rows": 5}),
                                error_messages={"required": _("Onderbouw de "
                                                              "veiligheidsbeoordeling.")})


class InstrumentChoiceForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Instrument"), choices=EMPTY + instruments.choices(),
                                   required=False)


class InstrumentForm(forms.Form):
    """The yes/no items of one instrument from the registry, or only its outcome when licensed."""

    instrument = forms.CharField(widget=forms.HiddenInput)
    outcome = forms.CharField(label=_("Uitkomst"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, instrument, *args, **kwargs):
        super().__init__(*args, prefix="instrument", **kwargs)
        self.spec = instrument
        self.fields["instrument"].initial = instrument.code
        for item in instrument.items:
            self.fields[f"item_{item.code}"] = yes_no(item.label)
        if instrument.public_scoring:
            self.fields["outcome"].label = _("Toelichting (optioneel)")
        else:
            self.fields["outcome"].required = True
            self.fields["outcome"].error_messages["required"] = _(
                "Leg de uitkomst van dit instrument vast; Eendak berekent hier geen score.")

    def item_groups(self):
        """The item fields per part (RiHG deel A/B/C), for fieldsets on screen."""
        groups: dict[str, list] = {}
        for item in self.spec.items:
            groups.setdefault(item.group, []).append(self[f"item_{item.code}"])
        return [(INSTRUMENT_PARTS.get(group, group), fields) for group, fields in groups.items()]

    def answers(self) -> dict:
        return {item.code: self.cleaned_data[f"item_{item.code}"] for item in self.spec.items}


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Besluit over vervolg"), choices=DecisionKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": _("Kies een besluit.")})
    handover_target = forms.ChoiceField(label=_("Overdracht aan"),
                                        choices=EMPTY + HandoverTarget.choices, required=False,
                                        help_text=_("Alleen bij overdracht."))
    handover_organisation = forms.ModelChoiceField(
        label=_("Organisatie die overneemt"), required=False,
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        empty_label=_("— geen of onbekend —"))
    rationale = forms.CharField(label=_("Onderbouwing"), widget=forms.Textarea(attrs={"rows": 5}),
                                error_messages={"required": _("Onderbouw het besluit.")})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == DecisionKind.HANDOVER and not cleaned.get("handover_target"):
            self.add_error("handover_target", _("Kies aan wie wordt overgedragen."))
        return cleaned


class ConversationForm(forms.Form):
    planned_for = LocalDateTimeField(label=_("Gepland op"), required=False)
    held_at = LocalDateTimeField(label=_("Gehouden op"), required=False)
    participants = forms.CharField(label=_("Deelnemers"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}),
                                   help_text=_("Wie namen deel: gezinsleden en professionals."))
    notes = forms.CharField(label=_("Verslag"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(k) for k in ("planned_for", "held_at", "notes")):
            raise forms.ValidationError(_("Vul een geplande datum in, of wanneer het gesprek is "
                                          "gehouden en met wie."))
        return cleaned


class InvestigationForm(forms.Form):
    closed_early = forms.BooleanField(label=_("Onderzoek voortijdig beëindigd"), required=False)
    conclusion = forms.CharField(label=_("Conclusie"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, violence_types, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(ViolenceType.choices)
        self.violence_types = list(violence_types)
        for code in self.violence_types:
            self.fields[f"finding_{code}"] = forms.ChoiceField(
                label=names.get(code, code), choices=EMPTY + InvestigationResult.choices,
                required=False)

    def finding_fields(self):
        return [self[f"finding_{code}"] for code in self.violence_types]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("closed_early"):
            for code in self.violence_types:
                if not cleaned.get(f"finding_{code}"):
                    self.add_error(f"finding_{code}", _("Kies bevestigd, niet bevestigd of "
                                                        "weerlegd."))
        return cleaned

    def findings(self) -> dict:
        return {code: self.cleaned_data[f"finding_{code}"] for code in self.violence_types
                if self.cleaned_data.get(f"finding_{code}")}


class FeedbackForm(forms.Form):
    content = forms.CharField(
        label=_("Wat is aan de melder teruggekoppeld?"), widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Leg vast wat aan de melder is teruggekoppeld.")})


class InformingForm(forms.Form):
    informed_on = DutchDateField(label=_("Geïnformeerd op"), required=False)
    reason_not_informed = forms.CharField(
        label=_("Of: reden om niet te informeren"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if not cleaned.get("informed_on") and not (cleaned.get("reason_not_informed") or "").strip():
            self.add_error("informed_on", _("Vul de datum in waarop de persoon is geïnformeerd, of "
                                            "de reden om niet te informeren."))
        elif cleaned.get("informed_on") and cleaned["informed_on"] > timezone.localdate():
            self.add_error("informed_on", _("Die datum ligt in de toekomst."))
        return cleaned


class LinkExistingForm(forms.Form):
    """Link one person found by the search (on the report page) with a role."""

    person = forms.IntegerField(widget=forms.HiddenInput,
                                error_messages={"required": _("Kies een persoon.")})
    role = forms.ChoiceField(label=_("Rol in de melding"), choices=EMPTY + PersonRole.choices,
                             error_messages={"required": _("Kies de rol van deze persoon.")})


# --- Advice requests ----------------------------------------------------------------------------


class AdviceForm(forms.Form):
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    channel = forms.ChoiceField(label=_("Kanaal"), choices=OFFICER_CHANNELS,
                                error_messages={"required": _("Kies hoe de vraag binnenkwam.")})
    received_at = LocalDateTimeField(label=_("Ontvangen op"),
                                     error_messages={"required": _("Vul in wanneer de vraag "
                                                                   "binnenkwam.")})
    asker_type = forms.ChoiceField(label=_("Wie vraagt advies?"), choices=AskerType.choices,
                                   widget=forms.RadioSelect,
                                   error_messages={"required": _("Kies wie advies vraagt.")})
    asker_role = forms.ChoiceField(label=_("Rol vraagsteller (CBS)"), choices=ReporterRole.choices,
                                   initial=ReporterRole.UNKNOWN)
    asker_sector = forms.ChoiceField(label=_("Sector (CBS)"), choices=ReporterSector.choices,
                                     initial=ReporterSector.NOT_APPLICABLE)
    anonymous = forms.BooleanField(label=_("De vraagsteller blijft anoniem"), required=False)
    consent_to_contact = forms.BooleanField(
        label=_("De vraagsteller geeft toestemming om contactgegevens vast te leggen"),
        required=False)
    asker_name = forms.CharField(label=_("Naam vraagsteller"), max_length=200, required=False)
    asker_phone = forms.CharField(label=_("Telefoon"), max_length=30, required=False)
    asker_email = forms.EmailField(label=_("E-mail"), required=False,
                                   error_messages={"invalid": _("Dit is geen geldig e-mailadres.")})
    municipality = forms.ModelChoiceField(label=_("Gemeente"), required=False,
                                          queryset=Municipality.objects.order_by("name"),
                                          empty_label=_("— onbekend —"))
    violence_types = forms.MultipleChoiceField(label=_("Soorten geweld"),
                                               choices=ViolenceType.choices, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    question = forms.CharField(label=_("Vraag"), widget=forms.Textarea(attrs={"rows": 6}),
                               error_messages={"required": _("Beschrijf de vraag.")})
    advice_given = forms.CharField(label=_("Gegeven advies"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    follow_up = forms.ChoiceField(
        label=_("Vervolg"), required=False,
        choices=EMPTY + [c for c in AdviceFollowUp.choices if c[0] != AdviceFollowUp.CONVERTED])

    CONTACT = ("asker_name", "asker_phone", "asker_email")

    def clean_question(self):
        value = self.cleaned_data["question"].strip()
        if not value:
            raise forms.ValidationError(_("Beschrijf de vraag."))
        return value

    def clean(self):
        cleaned = super().clean()
        contact = any((cleaned.get(name) or "").strip() for name in self.CONTACT)
        if contact and (cleaned.get("anonymous") or not cleaned.get("consent_to_contact")):
            self.add_error("consent_to_contact", _(
                "Contactgegevens worden alleen vastgelegd als de vraagsteller niet anoniem is en "
                "toestemming geeft. Vink toestemming aan of laat naam, telefoon en e-mail leeg."))
        return cleaned

    def advice_data(self) -> AdviceData:
        data = self.cleaned_data
        return AdviceData(
            channel=data["channel"], asker_type=data["asker_type"], question=data["question"],
            anonymous=data["anonymous"], consent_to_contact=data["consent_to_contact"],
            asker_name=data["asker_name"].strip(), asker_phone=data["asker_phone"].strip(),
            asker_email=data["asker_email"].strip(), asker_role=data["asker_role"],
            asker_sector=data["asker_sector"],
            municipality_id=data["municipality"].pk if data["municipality"] else None,
            violence_types=list(data["violence_types"]), advice_given=data["advice_given"],
            follow_up=data["follow_up"], received_at=data["received_at"],
            submission_key=data["submission_key"],
        )


class AdviceRecordForm(forms.Form):
    advice_given = forms.CharField(label=_("Gegeven advies"),
                                   widget=forms.Textarea(attrs={"rows": 4}),
                                   error_messages={"required": _("Beschrijf het gegeven advies.")})
    follow_up = forms.ChoiceField(
        label=_("Vervolg"), error_messages={"required": _("Kies het vervolg.")},
        choices=EMPTY + [c for c in AdviceFollowUp.choices if c[0] != AdviceFollowUp.CONVERTED])


class AdviceConvertForm(forms.Form):
    """Turning advice into a report needs a reporter with a name (a report is never anonymous)."""

    reporter_name = forms.CharField(
        label=_("Naam melder"), max_length=200,
        error_messages={"required": _("Voor een melding is de naam van de melder nodig.")})

    def reporter(self, advice) -> ReporterData:
        return ReporterData(
            name=self.cleaned_data["reporter_name"].strip(),
            is_professional=advice.asker_type == AskerType.PROFESSIONAL, role=advice.asker_role,
            sector=advice.asker_sector, phone=advice.asker_phone, email=advice.asker_email,
        )


# --- The work queue --------------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alle open meldingen")),
                                        (ReportStatus.RECEIVED, _("Wacht op beoordeling")),
                                        (ReportStatus.ASSESSED, _("Wacht op besluit"))])
    municipality = forms.ModelChoiceField(label=_("Gemeente"), required=False,
                                          queryset=Municipality.objects.order_by("name"),
                                          empty_label=_("Alle gemeenten"))
    overdue = forms.BooleanField(label=_("Alleen te laat"), required=False)
