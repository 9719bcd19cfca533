"""Forms of the research studies' screens. They check what was typed and say in Dutch what is wrong,
at the field; the rules (a purpose of some length, a period in order, an end date within five
years, the variables from the documented table) are ``monitoring.services``' and come back as a
``RuleViolation`` at the field of the same name. Everything typed stays in the form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import research

DATE_MESSAGES = {"required": _("Vul een datum in."),
                 "invalid": _("Vul een geldige datum in, bijvoorbeeld 31-12-2025.")}


def _date(label, help_text=""):
    return forms.DateField(label=label, help_text=help_text, error_messages=DATE_MESSAGES,
                           input_formats=["%Y-%m-%d", "%d-%m-%Y"],
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class StudyForm(forms.Form):
    title = forms.CharField(label=_("Titel van het onderzoek"), max_length=200,
                            error_messages={"required": _("Vul de titel van het onderzoek in."),
                                            "max_length": _("De titel is te lang (hoogstens 200 "
                                                            "tekens).")})
    purpose = forms.CharField(
        label=_("Doel van het onderzoek"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Waarom deze variabelen nodig zijn: de privacyfunctionaris toetst ze hieraan."),
        error_messages={"required": _("Beschrijf het doel van het onderzoek.")})
    variables = forms.MultipleChoiceField(
        label=_("Variabelen"), choices=research.VARIABLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen wat het onderzoek nodig heeft. Elke regel krijgt altijd de pseudoniemen "
                    "van melding, casus, huishouden en persoon, die per studie anders zijn."),
        error_messages={"required": _("Kies minstens één variabele."),
                        "invalid_choice": _("Kies de variabelen uit de lijst.")})
    period_from = _date(_("Meldingen ontvangen vanaf"))
    period_to = _date(_("Meldingen ontvangen tot en met"))
    ends_on = _date(_("Einddatum van de studie"),
                    _("Daarna worden de sleutel van de studie en niet-gedownloade exports "
                      "vernietigd; hoogstens vijf jaar vanaf vandaag."))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reden van afwijzen"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("De onderzoeker leest deze reden."),
                             error_messages={"required": _("Geef de reden van afwijzen.")})


def add_violation(form, exc) -> None:
    """A service's ``RuleViolation`` at its field (or above the form)."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
