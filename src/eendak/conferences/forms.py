"""Forms of the Veiligheidsteam's screens.

They check what was typed and say what is wrong in Dutch, at the field; the rules themselves (a
house ban longer than the law allows, an action with an owner, a coordinator when accepting) live in
``conferences.services`` and come back as a ``RuleViolation`` that ``add_violation`` puts on the
field it names. Field names follow the services' ``field=`` names, so that mapping is the identity.

Choices are bounded to what the user can pick here, and handed in by the view from the read models:
the team's coordinators, the consulting partners and the organisations taking part in the case, the
household's members, the case's running safety conditions — never every organisation of the country.
The shared field builders are the case file's (``cases.forms``), so a date or a choice reads and
fails the same on every screen.
"""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eendak.cases.forms import (
    CHOOSE_FROM_LIST,
    EMPTY,
    LocalDateTimeField,
    add_violation,
    choice_field,
    date_field,
    id_choice,
    person_label,
    text_field,
    user_label,
)
from eendak.cases.models import LegalBasis

from .models import CARE_KINDS, EscalationSignal, MeasureCategory, MeasureKind
from .workflow import Informed, TriageOutcome

__all__ = ["add_violation"]  # the views put a service's message on its field with it


def _choices(objects, label=lambda o: o.name):
    return [(o.pk, label(o)) for o in objects]


def multiple_ids(label, *, help_text=""):
    """Several objects of a bounded list, by primary key (cleaned to ints), as checkboxes."""
    return forms.TypedMultipleChoiceField(
        label=label, choices=[], coerce=int, required=False, help_text=help_text,
        widget=forms.CheckboxSelectMultiple, error_messages={"invalid_choice": CHOOSE_FROM_LIST})


# --- Referral ---------------------------------------------------------------------------------------


class ReferralForm(forms.Form):
    """Veilig Thuis refers, or a partner asks Veilig Thuis to: the same fields either way."""

    reason = text_field(_("Reden van aanmelding"), rows=4,
                        message=_("Geef de reden van de aanmelding."),
                        help_text=_("Wat is er gebeurd, en waarom is de hulp tot nu toe niet genoeg?"))
    goal = text_field(_("Doel van de aanmelding"), rows=3,
                      message=_("Beschrijf het doel van de aanmelding: wat moet het "
                                "Veiligheidsteam bereiken?"))
    escalation_signals = forms.MultipleChoiceField(
        label=_("Signalen van escalatie"), choices=EscalationSignal.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies signalen van escalatie uit de lijst.")})
    invited_partners = multiple_ids(
        _("Uit te nodigen partners"),
        help_text=_("De vaste partners van het Veiligheidsteam worden altijd uitgenodigd. Kies wie "
                    "daarnaast nodig is voor dit gezin."))

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited_partners"].choices = _choices(partners)


class VeiligThuisDecisionForm(forms.Form):
    """Veilig Thuis's decision on a partner's request: refer or not, with the reason fed back."""

    decision = choice_field(_("Besluit van Veilig Thuis"),
                            [("refer", _("Aanmelden bij het Veiligheidsteam")),
                             ("not_refer", _("Niet aanmelden"))], radio=True,
                            message=_("Kies of Veilig Thuis het gezin aanmeldt."))
    reason = text_field(_("Reden"), rows=3,
                        message=_("Geef de reden van het besluit; de partner die het vroeg krijgt "
                                  "die terug."),
                        help_text=_("De partner die om aanmelding vroeg, krijgt deze reden terug."))

    @property
    def refer_it(self) -> bool:
        return self.cleaned_data["decision"] == "refer"


class TriageDecisionForm(forms.Form):
    outcome = choice_field(_("Besluit van de triage"), TriageOutcome.choices, radio=True,
                           message=_("Kies accepteren, niet accepteren of nog niet."))
    reason = text_field(_("Reden"), rows=3,
                        message=_("Geef de reden van het triagebesluit; de aanmelder krijgt die "
                                  "terug."),
                        help_text=_("De aanmelder (en Veilig Thuis) krijgt deze reden terug."))
    coordinator = id_choice(_("Regisseur van het Veiligheidsteam"), [], required=False,
                            help_text=_("Nodig bij accepteren: de regisseur blijft tot stabiele "
                                        "veiligheid."))
    # The triage date the deciding person saw: a decision taken meanwhile at another desk moved it.
    seen_triage_on = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        self.coordinators = list(coordinators)
        self.fields["coordinator"].choices = EMPTY + _choices(self.coordinators, user_label)

    def chosen_coordinator(self):
        pk = self.cleaned_data.get("coordinator")
        return next((u for u in self.coordinators if u.pk == pk), None)


class HandBackForm(forms.Form):
    to_organisation = id_choice(_("Terug naar het lokale team"), [],
                                message=_("Kies het lokale team dat het gezin overneemt."))
    note = text_field(_("Wat neemt het lokale team over?"), rows=4,
                      message=_("Beschrijf wat het lokale team overneemt: de afspraken en wat "
                                "stabiele veiligheid hier betekent."))

    def __init__(self, *args, local_teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].choices = EMPTY + _choices(local_teams)


# --- Case conferences -----------------------------------------------------------------------------------


class ConferenceForm(forms.Form):
    starts_at = LocalDateTimeField(label=_("Datum en tijd"))
    place = text_field(_("Plaats"), max_length=200, message=_("Geef de plaats van het casusoverleg."))
    chair = id_choice(_("Voorzitter"), [], message=_("Kies de voorzitter uit het Veiligheidsteam."))

    def __init__(self, *args, chairs, **kwargs):
        super().__init__(*args, **kwargs)
        self.chairs = list(chairs)
        self.fields["chair"].choices = EMPTY + _choices(self.chairs, user_label)
        self.fields["starts_at"].error_messages["required"] = _(
            "Kies de datum en tijd van het casusoverleg.")
        if not self.is_bound:
            self.initial.setdefault("place", _("Zorg- en Veiligheidshuis, Tilburg"))

    def chosen_chair(self):
        pk = self.cleaned_data["chair"]
        return next(u for u in self.chairs if u.pk == pk)


class AgendaForm(forms.Form):
    referral = id_choice(_("Gezin"), [], message=_("Kies een gezin dat het Veiligheidsteam heeft "
                                                   "geaccepteerd."))
    consulting = multiple_ids(
        _("Consulterende partners, alleen voor dit gezin"),
        help_text=_("Zij zien dit gezin alleen zolang het op deze agenda staat; daarna alleen hun "
                    "eigen inbreng."))

    def __init__(self, *args, referrals, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.referrals = list(referrals)
        self.fields["referral"].choices = EMPTY + [
            (r.pk, f"{r.case.reference} — {r.case.household.reference} ({r.reference})")
            for r in self.referrals]
        self.fields["consulting"].choices = _choices(partners)

    def chosen_referral(self):
        pk = self.cleaned_data["referral"]
        return next(r for r in self.referrals if r.pk == pk)


class InviteForm(forms.Form):
    organisation = id_choice(_("Consulterende partner"), [],
                             message=_("Kies de organisatie die u uitnodigt."))

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.partners = list(partners)
        self.fields["organisation"].choices = EMPTY + _choices(self.partners)

    def chosen_organisation(self):
        pk = self.cleaned_data["organisation"]
        return next(o for o in self.partners if o.pk == pk)


class WithdrawInvitationForm(forms.Form):
    organisation = id_choice(_("Consulterende partner"), [],
                             message=_("Kies de organisatie waarvan u de uitnodiging intrekt."))
    reason = text_field(_("Reden"), rows=2,
                        message=_("Geef de reden om de uitnodiging in te trekken."))

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.partners = list(partners)
        self.fields["organisation"].choices = EMPTY + _choices(self.partners)

    def chosen_organisation(self):
        pk = self.cleaned_data["organisation"]
        return next(o for o in self.partners if o.pk == pk)


class AttendanceForm(forms.Form):
    """Per invited organisation: present or not, and who attended on its behalf."""

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = list(invitations)
        for invitation in self.invitations:
            name = invitation.organisation.name
            self.fields[f"attended_{invitation.pk}"] = forms.BooleanField(
                label=_("%(org)s aanwezig") % {"org": name}, required=False,
                initial=bool(invitation.attended))
            self.fields[f"attendee_{invitation.pk}"] = text_field(
                _("Namens %(org)s") % {"org": name}, required=False, max_length=200,
                initial=invitation.attendee)

    def rows(self):
        return [(invitation, self[f"attended_{invitation.pk}"], self[f"attendee_{invitation.pk}"])
                for invitation in self.invitations]

    def attendance(self) -> dict:
        data = self.cleaned_data
        return {invitation.pk: (data[f"attended_{invitation.pk}"],
                                data[f"attendee_{invitation.pk}"])
                for invitation in self.invitations}


class ContributionForm(forms.Form):
    text = text_field(_("Inbreng"), rows=4, message=_("Schrijf uw inbreng."))
    legal_basis = choice_field(_("Grondslag waarop uw organisatie dit deelt"), LegalBasis.choices,
                               message=_("Kies de grondslag waarop uw organisatie dit deelt."))
    conference_only = forms.BooleanField(
        label=_("Alleen voor het casusoverleg (niet in het gedeelde journaal)"), required=False)


class InformingForm(forms.Form):
    informed = choice_field(_("Zijn de besproken personen geïnformeerd?"), Informed.choices,
                            radio=True, message=_("Kies of de betrokkenen zijn geïnformeerd."))
    not_informed_reason = text_field(
        _("Reden om niet te informeren"), required=False, rows=2,
        help_text=_("Verplicht als informeren nu onveilig is, bijvoorbeeld bij een lopend "
                    "strafrechtelijk onderzoek."))

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(informed=item.informed,
                                not_informed_reason=item.not_informed_reason)


class DecisionForm(forms.Form):
    text = text_field(_("Besluit"), rows=3, message=_("Beschrijf het besluit."))


class ActionForm(forms.Form):
    """An action agreed at the conference: it goes straight into the family's one plan."""

    text = text_field(_("Actie"), rows=2, message=_("Beschrijf de actie."))
    decision = id_choice(_("Bij besluit"), [], required=False)
    owner_organisation = id_choice(
        _("Uitvoerende organisatie"), [],
        message=_("Kies de organisatie die de actie uitvoert: een actie zonder eigenaar wordt "
                  "niet gedaan."))
    owner = id_choice(_("Uitvoerder"), [], required=False)
    due_on = date_field(_("Uiterlijk klaar"),
                        message=_("Kies de datum waarop de actie uiterlijk klaar is."))

    def __init__(self, *args, decisions, organisations, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.decisions, self.organisations = list(decisions), list(organisations)
        self.owners = list(owners)
        self.fields["decision"].choices = EMPTY + [(d.pk, d.text[:80]) for d in self.decisions]
        self.fields["owner_organisation"].choices = EMPTY + _choices(self.organisations)
        seen, owners = set(), []
        for membership in self.owners:
            if membership.user_id not in seen:
                seen.add(membership.user_id)
                owners.append((membership.user_id, f"{user_label(membership.user)} "
                                                   f"({membership.organisation.name})"))
        self.fields["owner"].choices = EMPTY + owners

    def chosen_decision(self):
        pk = self.cleaned_data.get("decision")
        return next((d for d in self.decisions if d.pk == pk), None)

    def chosen_owner_organisation(self):
        pk = self.cleaned_data["owner_organisation"]
        return next(o for o in self.organisations if o.pk == pk)

    def chosen_owner(self):
        pk = self.cleaned_data.get("owner")
        return next((m.user for m in self.owners if m.user_id == pk), None)


# --- Measures of criminal justice and care ----------------------------------------------------------


def measure_kind_choices():
    """The kinds grouped as the page shows them: criminal justice and protection, then care."""
    justice = [(k.value, k.label) for k in MeasureKind if k not in CARE_KINDS]
    care = [(k.value, k.label) for k in MeasureKind if k in CARE_KINDS]
    return [(MeasureCategory.JUSTICE.label, justice), (MeasureCategory.CARE.label, care)]


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort maatregel of zorgtraject"), choices=[],
                             error_messages={"required": _("Kies de soort maatregel of het "
                                                           "zorgtraject."),
                                             "invalid_choice": CHOOSE_FROM_LIST})
    person = id_choice(_("Betreft"), [], required=False)
    starts_on = date_field(_("Vanaf"), message=_("Geef de begindatum."))
    ends_on = date_field(_("Tot en met"), required=False)
    supports_condition = id_choice(_("Ondersteunt veiligheidsvoorwaarde"), [], required=False)
    conditions = text_field(_("Bijzondere voorwaarden of uitkomst"), required=False, rows=2,
                            help_text=_("Bijvoorbeeld de bijzondere voorwaarden van het "
                                        "reclasseringstoezicht of de beslissing van het OM."))
    description = text_field(_("Toelichting"), required=False, rows=2)

    def __init__(self, *args, members, conditions, **kwargs):
        super().__init__(*args, **kwargs)
        # The numbers are the region's settings, as the rule in services.record_measure reads them.
        self.fields["ends_on"].help_text = _(
            "Een tijdelijk huisverbod geldt %(days)d dagen (leeg laten); verlengen kan tot "
            "%(max)d dagen in totaal.") % {"days": settings.EENDAK_HOUSE_BAN_DAYS,
                                           "max": settings.EENDAK_HOUSE_BAN_MAX_DAYS}
        self.members, self.safety_conditions = list(members), list(conditions)
        self.fields["kind"].choices = EMPTY + measure_kind_choices()
        self.fields["person"].choices = EMPTY + [(p.pk, person_label(p)) for p in self.members]
        self.fields["supports_condition"].choices = EMPTY + [
            (c.pk, c.text[:100]) for c in self.safety_conditions]
        if not self.is_bound:
            self.initial.setdefault("starts_on", timezone.localdate())

    def chosen_person(self):
        pk = self.cleaned_data.get("person")
        return next((p for p in self.members if p.pk == pk), None)

    def chosen_condition(self):
        pk = self.cleaned_data.get("supports_condition")
        return next((c for c in self.safety_conditions if c.pk == pk), None)


class ExtendMeasureForm(forms.Form):
    until = date_field(_("Verlengen tot en met"), message=_("Kies de nieuwe einddatum."))
    reason = text_field(_("Reden van verlengen"), rows=2,
                        message=_("Geef de reden van de verlenging."))


class EndMeasureForm(forms.Form):
    reason = text_field(_("Reden van beëindigen"), rows=2,
                        message=_("Geef de reden van beëindigen."))
