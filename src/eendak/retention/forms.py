"""Forms of the retention screens: they check what was typed and keep it on an error; the rules
(who may, four eyes, the grounds) are ``retention.services``'."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eendak.core.models import Organisation
from eendak.core.roles import OrganisationType
from eendak.persons.forms import DutchDateField, clean_bsn

from .models import CountedFrom, FileKind, Outcome, RefusalGround

MAX_ID = 2**63 - 1


class RequestForm(forms.Form):
    """The person who asks, by number or BSN; the household when they belong to more than one."""

    person_id = forms.IntegerField(
        label=_("Persoonsnummer"), required=False, min_value=1, max_value=MAX_ID,
        error_messages={"invalid": _("Vul een persoonsnummer in cijfers in.")})
    bsn = forms.CharField(label=_("of BSN"), required=False, max_length=20,
                          widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                        "autocomplete": "off"}))
    household_reference = forms.CharField(
        label=_("Kenmerk huishouden"), required=False, max_length=20,
        help_text=_("Alleen nodig als de persoon tot meer dan één huishouden behoort."))
    received_on = DutchDateField(label=_("Verzoek ontvangen op"),
                                 help_text=_("dd-mm-jjjj; de beslistermijn is één maand"))

    def clean_bsn(self):
        return clean_bsn(self.cleaned_data.get("bsn", ""))

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if not cleaned.get("person_id") and not cleaned.get("bsn"):
            raise forms.ValidationError(_("Vul een persoonsnummer of een BSN in."), code="empty")
        if cleaned.get("person_id") and cleaned.get("bsn"):
            raise forms.ValidationError(_("Vul een persoonsnummer óf een BSN in, niet beide."),
                                        code="both")
        return cleaned


class ProposeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Voorstel"), choices=Outcome.choices,
                                widget=forms.RadioSelect)
    grounds = forms.MultipleChoiceField(
        label=_("Weigeringsgronden"), required=False, choices=RefusalGround.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Verplicht bij weigeren: de wettelijke grond(en)."))
    explanation = forms.CharField(label=_("Toelichting"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 4}))


class DecideForm(forms.Form):
    APPROVE, SEND_BACK = "approve", "send_back"
    decision = forms.ChoiceField(
        label=_("Uw beoordeling"), widget=forms.RadioSelect,
        choices=[(APPROVE, _("Akkoord met het voorstel")),
                 (SEND_BACK, _("Niet akkoord: terug naar de voorsteller"))])
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Verplicht als u het voorstel terugstuurt."))


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort dossier"), choices=FileKind.choices)
    organisation_type = forms.ChoiceField(
        label=_("Soort organisatie"), required=False,
        choices=[("", _("Alle soorten")), *OrganisationType.choices])
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), required=False, empty_label=_("Alle organisaties van die soort"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"))
    years = forms.IntegerField(label=_("Bewaartermijn in jaren"), min_value=1, max_value=115,
                               error_messages={"invalid": _("Vul een aantal jaren in cijfers in.")})
    counted_from = forms.ChoiceField(label=_("Gerekend vanaf"), choices=CountedFrom.choices)
    basis = forms.CharField(label=_("Grondslag"), required=False, max_length=200)


class DueListStartForm(forms.Form):
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100,
                              error_messages={"invalid": _("Vul een jaartal in.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
