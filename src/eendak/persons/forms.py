"""Forms of the persons screens. They validate what was typed and keep it on an error; the search
itself (need-to-know, logging) is done by ``eendak.persons.services``.

``KnownPersonSearchForm`` is the search for "who is already known" across all persons (the merge
page here, and the intake's report screens, which use it too)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import bsn as bsn_module
from .services import describe_known_search

# What people type in the Netherlands first; ISO (what a browser date field sends) last.
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"]


class DutchDateField(forms.DateField):
    """A date typed as dd-mm-jjjj, with one clear message for a date that does not exist."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric",
                                                            "autocomplete": "off",
                                                            "placeholder": "dd-mm-jjjj"}))
        error_messages = {"invalid": _("Deze datum bestaat niet of is niet als dd-mm-jjjj "
                                       "geschreven, bijvoorbeeld 31-12-1980.")}
        error_messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=error_messages, **kwargs)


def clean_bsn(value: str) -> str:
    """A typed BSN as its nine digits ("" when left empty), or the one Dutch message for a number
    that fails the 11-test. Every form with a BSN field cleans it here (``BSNField``, or its
    ``clean_bsn`` method), so the rule and the message cannot drift apart between screens."""
    value = (value or "").strip()
    if not value:
        return ""
    digits = bsn_module.normalise(value)
    if not bsn_module.is_valid_bsn(digits):
        raise forms.ValidationError(bsn_module.INVALID_MESSAGE, code="invalid_bsn")
    return digits


class BSNField(forms.CharField):
    """A BSN as people type it (spaces, dots and dashes allowed), cleaned by ``clean_bsn``; numeric
    keyboard on phones, and no autocomplete, so a browser never offers someone else's BSN."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("BSN"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric",
                                                            "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value):
        return clean_bsn(super().clean(value))


class PersonSearchForm(forms.Form):
    bsn = BSNField(help_text=_("Negen cijfers. Spaties en punten mogen."))
    name = forms.CharField(
        label=_("Naam"), required=False, max_length=200,
        help_text=_("Voornaam en/of achternaam, ook een deel ervan."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    date_of_birth = DutchDateField(label=_("Geboortedatum"), required=False,
                                   help_text=_("Optioneel, als dd-mm-jjjj."))

    def clean_name(self):
        return " ".join(self.cleaned_data.get("name", "").split())

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Een geboortedatum kan niet in de toekomst liggen."),
                                        code="future")
        return value

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if not cleaned.get("bsn") and not cleaned.get("name"):
            if cleaned.get("date_of_birth"):
                self.add_error("name", _("Zoek op een geboortedatum altijd samen met een naam."))
            else:
                raise forms.ValidationError(_("Vul een BSN in, of een naam (eventueel met "
                                              "geboortedatum)."), code="empty")
        return cleaned


class KnownPersonSearchForm(forms.Form):
    """Who is already known: by BSN (exact) or by surname with given name and date of birth
    (tolerant: ``persons.matching``)."""

    bsn = BSNField()
    surname = forms.CharField(label=_("Achternaam"), required=False, max_length=200,
                              help_text=_("Met of zonder voorvoegsel; ook de geboortenaam."),
                              widget=forms.TextInput(attrs={"autocomplete": "off"}))
    given_names = forms.CharField(label=_("Voornaam"), required=False, max_length=200,
                                  widget=forms.TextInput(attrs={"autocomplete": "off"}))
    date_of_birth = DutchDateField(label=_("Geboortedatum"), required=False)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if not cleaned.get("bsn") and not cleaned.get("surname"):
            self.add_error("surname", _("Zoek op BSN, of op achternaam (met voornaam en "
                                        "geboortedatum als u die weet)."))
        return cleaned

    def criteria(self) -> dict:
        data = self.cleaned_data
        return {"bsn": data["bsn"], "surname": data["surname"].strip(),
                "given_names": data["given_names"].strip(), "date_of_birth": data["date_of_birth"]}

    def describe(self) -> str:
        """For the log's detail: which criteria, never the BSN or the name itself."""
        return describe_known_search(**self.criteria())


class MergeForm(forms.Form):
    """Two records of one person, picked from the search: which one stays, which one goes into it."""

    keep = forms.IntegerField(label=_("Behouden"),
                              error_messages={"required": _("Kies het record dat blijft.")})
    merge = forms.IntegerField(label=_("Samenvoegen in het behouden record"),
                               error_messages={"required": _("Kies het record dat wordt "
                                                             "samengevoegd.")})
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Geef een reden voor het "
                                                           "samenvoegen.")})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("keep") and cleaned.get("keep") == cleaned.get("merge"):
            self.add_error("merge", _("Kies twee verschillende personen."))
        return cleaned


class UndoMergeForm(forms.Form):
    merge_record = forms.IntegerField(error_messages={"required": _("Kies een samenvoeging.")})


class RelationshipForm(forms.Form):
    other = forms.ModelChoiceField(queryset=None, label=_("Met"),
                                   error_messages={"required": _("Kies een gezinslid."),
                                                   "invalid_choice": _("Kies een gezinslid uit "
                                                                       "hetzelfde huishouden.")})
    kind = forms.ChoiceField(label=_("Relatie"), choices=())
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=200)

    def __init__(self, *args, candidates, **kwargs):
        from .models import RelationshipKind

        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = candidates
        self.fields["other"].label_from_instance = lambda p: p.full_name
        self.fields["kind"].choices = RelationshipKind.choices
