"""The preferences form: e-mail at once or daily, and per kind in Eendak and by e-mail."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Frequency, Kind


class PreferencesForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("E-mail over meldingen"), choices=Frequency.choices, widget=forms.RadioSelect,
        help_text=_("Een e-mail noemt nooit een naam of details: alleen dat er iets voor u klaarstaat, "
                    "met een link."),
        error_messages={"required": _("Kies of u e-mail direct of één keer per dag wilt krijgen."),
                        "invalid_choice": _("Kies of u e-mail direct of één keer per dag wilt "
                                            "krijgen.")})

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = {c.kind: c for c in (choices or [])}
        for kind in Kind:
            choice = current.get(kind.value)
            self.fields[f"app_{kind.value}"] = forms.BooleanField(
                label=_("In Eendak"), required=False,
                initial=choice.in_app if choice else True)
            self.fields[f"mail_{kind.value}"] = forms.BooleanField(
                label=_("Per e-mail"), required=False,
                initial=choice.by_email if choice else True)

    def rows(self):
        """Per kind its label and its two boxes, for the table on the page."""
        return [(kind.label, self[f"app_{kind.value}"], self[f"mail_{kind.value}"]) for kind in Kind]

    def choices(self):
        from .services import Choice

        data = self.cleaned_data
        return [Choice(kind.value, data.get(f"app_{kind.value}", False),
                       data.get(f"mail_{kind.value}", False)) for kind in Kind]
