"""Forms of the access-log screens and of break-the-glass. They check what was typed and keep it on an
error; the rules themselves (who may, what is logged) stay in ``eendak.privacy.services`` and
``eendak.audit.services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eendak.audit.models import Action, Outcome
from eendak.core.models import Organisation
from eendak.persons.forms import DutchDateField, clean_bsn
from eendak.persons.registry import CORRECTABLE_FIELDS

from .models import ReviewOutcome
from .queries import LogFilter, RequestFilter, ReviewStatus
from .workflow import ReceivedVia, RequestKind

MAX_PERSON_ID = 2**63 - 1


class LogSearchForm(forms.Form):
    """The log administrator's filters: each one maps onto a field of ``LogFilter``."""

    username = forms.CharField(label=_("Gebruikersnaam"), required=False, max_length=150)
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), required=False, queryset=Organisation.objects.order_by("name"),
        empty_label=_("Alle organisaties"),
    )
    person_id = forms.IntegerField(
        label=_("Persoonsnummer"), required=False, min_value=1, max_value=MAX_PERSON_ID,
        help_text=_("Het interne nummer van de persoon, zoals in de kolom Personen."),
        error_messages={"invalid": _("Vul een persoonsnummer in cijfers in.")},
    )
    event = forms.CharField(label=_("Gebeurtenis"), required=False, max_length=64,
                            help_text=_("Begin van de code, bijvoorbeeld ‘person.’ of "
                                        "‘emergency_access’."))
    action = forms.ChoiceField(label=_("Actie"), required=False,
                               choices=[("", _("Alle acties")), *Action.choices])
    outcome = forms.ChoiceField(label=_("Uitkomst"), required=False,
                                choices=[("", _("Alle uitkomsten")), *Outcome.choices])
    emergency_only = forms.BooleanField(label=_("Alleen noodtoegang"), required=False)
    date_from = DutchDateField(label=_("Vanaf datum"), required=False,
                               help_text=_("dd-mm-jjjj, Nederlandse tijd"))
    date_to = DutchDateField(label=_("Tot en met datum"), required=False,
                             help_text=_("dd-mm-jjjj, Nederlandse tijd"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("De einddatum ligt vóór de begindatum."))
        return cleaned

    def to_filter(self) -> LogFilter:
        data = self.cleaned_data
        organisation = data.get("organisation")
        return LogFilter(
            username=data.get("username", "").strip(),
            organisation_id=organisation.pk if organisation else None,
            person_id=data.get("person_id"),
            event=data.get("event", "").strip(),
            action=data.get("action", ""),
            outcome=data.get("outcome", ""),
            emergency_only=bool(data.get("emergency_only")),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class PersonAccessLookupForm(forms.Form):
    """The privacy officer names the person of an access request by internal number or by BSN."""

    person_id = forms.IntegerField(
        label=_("Persoonsnummer"), required=False, min_value=1, max_value=MAX_PERSON_ID,
        error_messages={"invalid": _("Vul een persoonsnummer in cijfers in.")},
    )
    bsn = forms.CharField(label=_("of BSN"), required=False, max_length=20,
                          widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                        "autocomplete": "off"}))

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


class EmergencyReportForm(forms.Form):
    since = DutchDateField(label=_("Verleend vanaf"), required=False,
                           help_text=_("dd-mm-jjjj; leeg laten voor alles"))
    status = forms.ChoiceField(
        label=_("Beoordeling"), required=False,
        choices=[("", _("Alle"))] + list(ReviewStatus.FILTERS.items()),
        error_messages={"invalid_choice": _("Kies een van de getoonde beoordelingen.")})


class EmergencyReviewForm(forms.Form):
    """Justified or not, and a note. Both are judged by ``review_emergency_grant`` so the rule (and
    its message) lives in one place; the form carries them and keeps what was typed on an error."""

    outcome = forms.ChoiceField(
        label=_("Oordeel"), required=False, widget=forms.RadioSelect,
        choices=ReviewOutcome.choices,
        error_messages={"invalid_choice": _("Kies of de noodtoegang gerechtvaardigd was of niet.")})
    note = forms.CharField(
        label=_("Toelichting"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Waarom wel of niet gerechtvaardigd; bij niet gerechtvaardigd ook wat er nu "
                    "gebeurt."))


class BreakGlassLookupForm(forms.Form):
    query = forms.CharField(
        label=_("Kenmerk van het huishouden of BSN van een gezinslid"), max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Vul het kenmerk van het dossier of een BSN in.")},
    )


class BreakGlassConfirmForm(forms.Form):
    """Reason and password again. Both are checked by ``grant_emergency_access`` so the rule (and its
    message) lives in one place; the form only carries them and keeps the reason on an error."""

    token = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reden voor noodtoegang"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Minstens 20 tekens: waarom is toegang nu nodig, en waarom kan het niet via "
                    "de deelnemende organisaties? De privacyfunctionaris leest dit."),
    )
    password = forms.CharField(
        label=_("Uw wachtwoord"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Ter bevestiging dat u het zelf bent."),
    )


# --- The data subject's requests ------------------------------------------------------------------------


class RequestListForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Termijn en status"), required=False,
        choices=[("", _("Alle"))] + list(RequestFilter.LABELS.items()),
        error_messages={"invalid_choice": _("Kies een van de getoonde waarden.")})
    kind = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alle soorten")), *RequestKind.choices],
        error_messages={"invalid_choice": _("Kies een van de getoonde soorten.")})


class RegisterRequestForm(PersonAccessLookupForm):
    """A new request: the person (number or BSN, as for the access report), the kind, when and how it
    came in, and what is asked; for a correction the field and the value asked for. The rules (a
    date not in the future, a correction's field) are the service's; the form keeps what was typed."""

    kind = forms.ChoiceField(label=_("Soort verzoek"), choices=RequestKind.choices,
                             error_messages={"required": _("Kies het soort verzoek."),
                                             "invalid_choice": _("Kies het soort verzoek.")})
    received_on = DutchDateField(label=_("Ontvangen op"), help_text=_("dd-mm-jjjj"),
                                 error_messages={"required": _("Vul de datum van ontvangst in.")})
    received_via = forms.ChoiceField(
        label=_("Ontvangen via"), choices=ReceivedVia.choices,
        error_messages={"required": _("Kies hoe het verzoek binnenkwam."),
                        "invalid_choice": _("Kies hoe het verzoek binnenkwam.")})
    request_text = forms.CharField(label=_("Wat vraagt de betrokkene"), max_length=4000,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   error_messages={"required": _("Beschrijf wat de betrokkene vraagt.")})
    correction_field = forms.ChoiceField(
        label=_("Te corrigeren gegeven (bij correctie)"), required=False,
        choices=[("", _("—")), *CORRECTABLE_FIELDS.items()],
        error_messages={"invalid_choice": _("Kies een van de getoonde gegevens.")})
    correction_value = forms.CharField(label=_("Wat het volgens de betrokkene moet zijn"),
                                       required=False, max_length=200)


class ExtendRequestForm(forms.Form):
    until = DutchDateField(label=_("Nieuwe termijn"), required=False, help_text=_("dd-mm-jjjj"))
    reason = forms.CharField(label=_("Reden (wordt aan de betrokkene meegedeeld)"), required=False,
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class DecideRequestForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"), widget=forms.RadioSelect,
        choices=[("granted", _("Toewijzen")), ("refused", _("Afwijzen"))],
        error_messages={"required": _("Kies toewijzen of afwijzen."),
                        "invalid_choice": _("Kies toewijzen of afwijzen.")})
    reason = forms.CharField(label=_("Motivering"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class OwnStatementForm(forms.Form):
    statement = forms.CharField(label=_("Verklaring van de betrokkene"), required=False,
                                max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("In de woorden van de betrokkene; komt in het "
                                            "casusdossier als eigen verklaring."))
