"""Forms of the case page.

They check what was typed and say what is wrong in Dutch, at the field; the rules themselves (who may
hand over, a due date not before the start, nothing added to a closed case) live in
``cases.services`` and come back as a ``RuleViolation`` that ``add_violation`` puts on the field it
names. Field names follow the services' ``field=`` names so that mapping is mostly the identity.

Choices come from the ``CasePage`` (members, participants, goals) and are bounded to what the user
can pick here: the next states of the workflow tables, the organisations a search finds (never every
organisation of the country), the people who work with client data at a participant.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from eendak.catalogue import queries as catalogue
from eendak.core.exceptions import RuleViolation
from eendak.core.models import Organisation
from eendak.persons.forms import DutchDateField

from . import workflow
from .models import (
    ActionStatus,
    ClosureReason,
    ConditionStatus,
    ImpactMoment,
    IncidentSeverity,
    JournalKind,
    LegalBasis,
    MonitoringDecision,
    NotAsked,
    Phase,
    PlanPart,
    Visibility,
)
from .services import HelpAnswer, SafetyAnswer

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y %H.%M",
                          "%Y-%m-%d %H:%M", "%d-%m-%Y"]
EMPTY = [("", "—")]
SCALE_MESSAGE = _("Geef een cijfer van 1 (zeer onveilig) tot en met 10 (volledig veilig).")
PERSON_SCALE_MESSAGE = _("Geef een cijfer van 1 tot en met 10, of laat het leeg en kies waarom "
                         "het niet is gevraagd.")
JOURNAL_KINDS = [(k.value, k.label) for k in (JournalKind.CONTACT, JournalKind.CONVERSATION,
                                               JournalKind.DECISION, JournalKind.NOTE)]
CONDITION_ROWS = 4
CHOOSE_FROM_LIST = _("Kies uit de lijst.")


def add_violation(form, exc: RuleViolation, field_map: dict | None = None) -> None:
    """Put a service's Dutch message on the field it names, or at the top of the form."""
    name = (field_map or {}).get(exc.field, exc.field)
    form.add_error(name if name in form.fields else None, exc.message)


def choice_field(label, choices, *, required=True, message=None, radio=False, **kwargs):
    """A choice whose invalid or missing value gets one clear Dutch message."""
    messages = {"invalid_choice": CHOOSE_FROM_LIST}
    if message:
        messages["required"] = message
    return forms.ChoiceField(label=label, choices=(choices if required and radio else
                                                   EMPTY + list(choices)),
                             required=required, error_messages=messages,
                             widget=forms.RadioSelect if radio else forms.Select, **kwargs)


def id_choice(label, choices, *, required=True, message=None, **kwargs):
    """A choice among objects of the page, by primary key (cleaned to an int)."""
    messages = {"invalid_choice": CHOOSE_FROM_LIST}
    if message:
        messages["required"] = message
    return forms.TypedChoiceField(label=label, choices=EMPTY + list(choices), coerce=int,
                                  empty_value=None, required=required, error_messages=messages,
                                  **kwargs)


def text_field(label, *, required=True, message=None, rows=None, max_length=None, **kwargs):
    messages = {"required": message} if message else {}
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(label=label, required=required, error_messages=messages, widget=widget,
                           max_length=max_length, **kwargs)


def date_field(label, *, required=True, message=None, **kwargs):
    """A date typed as dd-mm-jjjj; an initial date (today) is shown the same way."""
    messages = {"required": message} if message else {}
    widget = forms.DateInput(format="%d-%m-%Y", attrs={"inputmode": "numeric",
                                                         "autocomplete": "off",
                                                         "placeholder": "dd-mm-jjjj"})
    return DutchDateField(label=label, required=required, error_messages=messages, widget=widget,
                          **kwargs)


class LocalDateTimeField(forms.DateTimeField):
    """A moment as the browser's date-and-time field sends it, or typed as dd-mm-jjjj uu:mm."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATETIME_INPUT_FORMATS)
        kwargs.setdefault("widget", forms.DateTimeInput(format="%Y-%m-%dT%H:%M",
                                                         attrs={"type": "datetime-local"}))
        super().__init__(error_messages={"invalid": _(
            "Dit moment bestaat niet of is niet als dd-mm-jjjj uu:mm geschreven, bijvoorbeeld "
            "27-11-2026 14:30.")}, **kwargs)


def person_label(person) -> str:
    born = f" ({person.date_of_birth:%d-%m-%Y})" if person.date_of_birth else ""
    return f"{person.full_name}{born}"


def user_label(user) -> str:
    return user.get_full_name() or user.username


class TargetForm(forms.Form):
    """A step on one item of the page (a handover, an action). The item's id travels as a plain
    ``target`` field beside the form's own (prefixed) fields; the view finds the item with it."""


# --- The journal and documents ---------------------------------------------------------------------


class JournalEntryForm(forms.Form):
    kind = choice_field(_("Soort"), JOURNAL_KINDS, message=_("Kies het soort journaalregel."))
    text = text_field(_("Wat is er gebeurd?"), rows=5, message=_("Schrijf wat er is gebeurd."))
    occurred_at = LocalDateTimeField(label=_("Wanneer"), required=False,
                                     help_text=_("Leeg laten voor nu."))
    visibility = choice_field(_("Wie mag dit lezen?"), Visibility.choices, radio=True,
                              initial=Visibility.ALL_PARTICIPANTS,
                              message=_("Kies wie deze journaalregel mag lezen."))


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Bestand"), help_text=_("PDF, Word (docx), JPEG of PNG; ten "
                                                           "hoogste 10 MB."),
                           error_messages={"required": _("Kies een bestand."),
                                           "empty": _("Dit bestand is leeg.")})
    description = text_field(_("Omschrijving"), required=False, max_length=300)
    visibility = choice_field(_("Wie mag dit lezen?"), Visibility.choices, radio=True,
                              initial=Visibility.ALL_PARTICIPANTS,
                              message=_("Kies wie dit document mag lezen."))


# --- Participants, coordinator, phase, shielding -----------------------------------------------------


class ParticipantForm(forms.Form):
    """Which organisation joins. The choice list holds at most ``pages.MAX_CHOICES`` organisations a
    search found (the household's own municipality and the regional partners when nothing was
    typed); a posted organisation is checked by its id, so a choice from an earlier search stays
    valid."""

    organisation = id_choice(_("Organisatie"), [], message=_("Kies een organisatie."))
    task = text_field(_("Taak in de casus"), max_length=200,
                      message=_("Beschrijf wat deze organisatie in de casus doet."))
    legal_basis = choice_field(_("Grondslag voor delen"), LegalBasis.choices,
                               message=_("Kies de grondslag waarop gegevens worden gedeeld."))

    def __init__(self, *args, page, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        candidates = page.participant_candidates(search)
        posted = self._posted_organisation()
        if posted is not None and posted not in candidates:
            candidates = [posted, *candidates]
        self.candidates = candidates
        self.fields["organisation"].choices = EMPTY + [(o.pk, o.name) for o in candidates]
        if (search or "").strip() and not candidates:
            self.fields["organisation"].help_text = _(
                "Geen organisatie gevonden die nog niet deelneemt en ‘%(search)s’ in de naam heeft.") % {
                "search": search.strip()}

    def _posted_organisation(self):
        if not self.is_bound:
            return None
        raw = self.data.get(self.add_prefix("organisation"), "")
        if not str(raw).isdigit() or len(str(raw)) > 18:
            return None
        taking_part = {p.organisation_id for p in self.page.active_participations}
        found = Organisation.objects.filter(pk=int(raw), is_active=True).first()
        return found if found is not None and found.pk not in taking_part else None

    def chosen_organisation(self):
        pk = self.cleaned_data["organisation"]
        return next(o for o in self.candidates if o.pk == pk)


class EndParticipationForm(forms.Form):
    participation = id_choice(_("Deelname"), [], message=_("Kies de deelname die eindigt."))
    reason = text_field(_("Reden"), rows=2, message=_("Geef de reden dat de deelname eindigt."))

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what this organisation may end (cases.end_participation): its own part, or — for the
        # responsible organisation and Veilig Thuis — another's; never the responsible one's.
        self.fields["participation"].choices = EMPTY + [
            (p.pk, f"{p.organisation.name} — {p.task}" if p.task else p.organisation.name)
            for p in page.active_participations
            if p.organisation_id != page.case.responsible_organisation_id
            and page.may("cases.end_participation", p)]
        if self.is_bound:
            # A participation posted that the list did not offer is still this case's: the service
            # decides (a logged 404 when it is not this organisation's to end), not "choose again".
            offered = {pk for pk, _label in self.fields["participation"].choices}
            self.fields["participation"].choices += [
                (p.pk, p.organisation.name) for p in page.active_participations if p.pk not in offered]
        self.page = page

    def chosen_participation(self):
        pk = self.cleaned_data["participation"]
        return next(p for p in self.page.active_participations if p.pk == pk)


class CoordinatorForm(forms.Form):
    coordinator = id_choice(_("Casuscoördinator"), [], message=_("Kies de casuscoördinator."),
                            help_text=_("Een casuscoördinator of medewerker van een deelnemende "
                                        "organisatie, meestal het lokale team."))

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].choices = EMPTY + [
            (u.pk, user_label(u)) for u in page.coordinator_candidates]
        self.page = page

    def chosen_coordinator(self):
        pk = self.cleaned_data["coordinator"]
        return next(u for u in self.page.coordinator_candidates if u.pk == pk)


class PhaseForm(forms.Form):
    """Offers exactly the phases ``workflow.PHASE`` allows from the current one."""

    to_phase = choice_field(_("Nieuwe fase"), Phase.choices, message=_("Kies een fase."))
    reason = text_field(_("Reden"), rows=3, message=_("Geef de reden voor de fasewijziging."))

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_phase"].choices = EMPTY + [
            (phase, Phase(phase).label)
            for phase in workflow.next_states(workflow.PHASE, page.case.phase)]


class ShieldForm(forms.Form):
    person = id_choice(_("Persoon"), [], message=_("Kies de persoon."))
    hidden_from = id_choice(_("Afschermen voor"), [], message=_("Kies de organisatie."))
    reason = text_field(_("Reden"), rows=2, message=_("Geef de reden voor het afschermen."))

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = EMPTY + [(r.person.pk, person_label(r.person))
                                                 for r in page.persons]
        self.fields["hidden_from"].choices = EMPTY + [
            (p.organisation_id, p.organisation.name) for p in page.active_participations
            if p.organisation_id != page.organisation_id]
        self.page = page

    def chosen_person(self):
        pk = self.cleaned_data["person"]
        return next(r.person for r in self.page.persons if r.person.pk == pk)

    def chosen_hidden_from(self):
        pk = self.cleaned_data["hidden_from"]
        return next(p.organisation for p in self.page.active_participations
                    if p.organisation_id == pk)


# --- Safety conditions and monitoring ----------------------------------------------------------------


class ConditionsForm(forms.Form):
    """Several conditions at once: a fixed number of rows, empty rows are skipped."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, CONDITION_ROWS + 1):
            self.fields[f"text_{i}"] = text_field(
                _("Voorwaarde %(n)s") % {"n": i}, required=False, rows=2)
            self.fields[f"agreed_by_{i}"] = text_field(
                _("Afgesproken met (voorwaarde %(n)s)") % {"n": i}, required=False, max_length=300)

    def rows(self):
        return [(self[f"text_{i}"], self[f"agreed_by_{i}"]) for i in range(1, CONDITION_ROWS + 1)]

    def conditions(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [(data[f"text_{i}"], data[f"agreed_by_{i}"]) for i in range(1, CONDITION_ROWS + 1)]

    def field_map(self) -> dict:
        """Where the service's message belongs: the first row, or the first row lacking a party."""
        missing = next((f"agreed_by_{i}" for i in range(1, CONDITION_ROWS + 1)
                        if self.cleaned_data.get(f"text_{i}", "").strip()
                        and not self.cleaned_data.get(f"agreed_by_{i}", "").strip()), "agreed_by_1")
        return {"conditions": "text_1", "agreed_by": missing}


class MonitoringForm(forms.Form):
    """One monitoring moment: each active condition's status and note, incidents, assessment."""

    moment = id_choice(_("Monitoringsmoment"), [], message=_("Kies het monitoringsmoment."))
    held_on = date_field(_("Gehouden op"), message=_("Vul in wanneer het moment is gehouden."))
    incidents_since_last = forms.IntegerField(
        label=_("Incidenten sinds het vorige moment"), min_value=0,
        error_messages={"required": _("Vul het aantal incidenten sinds het vorige moment in "
                                      "(0 of meer)."),
                        "invalid": _("Vul een heel getal in (0 of meer)."),
                        "min_value": _("Vul het aantal incidenten in: 0 of meer.")},
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}))
    assessment = text_field(_("Beoordeling van de veiligheid"), rows=4,
                            message=_("Geef de beoordeling van de veiligheid."))

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.fields["moment"].choices = EMPTY + [
            (m.pk, _("gepland op %(date)s") % {"date": f"{m.planned_on:%d-%m-%Y}"})
            for m in page.open_moments]
        if page.open_moments and not self.is_bound:
            self.initial["moment"] = page.open_moments[0].pk
        self.condition_fields = []
        for condition in page.active_conditions:
            status_name, note_name = f"status_{condition.pk}", f"note_{condition.pk}"
            self.fields[status_name] = choice_field(
                _("Nageleefd: %(condition)s") % {"condition": condition.text[:120]},
                ConditionStatus.choices, radio=True,
                message=_("Geef aan of deze voorwaarde is nageleefd."))
            self.fields[note_name] = text_field(
                _("Toelichting bij: %(condition)s") % {"condition": condition.text[:60]},
                required=False, rows=2)
            self.condition_fields.append((condition, status_name, note_name))

    def condition_rows(self):
        return [(condition, self[s], self[n]) for condition, s, n in self.condition_fields]

    def chosen_moment(self):
        pk = self.cleaned_data["moment"]
        return next(m for m in self.page.open_moments if m.pk == pk)

    def statuses(self) -> dict[int, tuple[str, str]]:
        return {condition.pk: (self.cleaned_data[s], self.cleaned_data[n])
                for condition, s, n in self.condition_fields}


class MonitoringDecisionForm(forms.Form):
    """Offers the decisions ``workflow.MONITORING_DECISIONS`` allows today: extending only from
    shortly before the limit; the service refuses anything else with the date it becomes possible."""

    kind = choice_field(_("Besluit"), MonitoringDecision.Kind.choices, radio=True,
                        message=_("Kies verlengen of opschalen."))
    new_until = date_field(_("Nieuwe einddatum (bij verlengen)"), required=False)
    reason = text_field(_("Reden"), rows=3, message=_("Geef de reden."))

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        state = workflow.monitoring_state(page.case.monitoring_started_on,
                                          page.case.monitoring_until, timezone.localdate())
        self.fields["kind"].choices = [(kind, label) for kind, label in MonitoringDecision.Kind.choices
                                       if state.allows(kind)]
        if state.decision_window_opens and not state.allows(MonitoringDecision.Kind.EXTEND):
            self.fields["kind"].help_text = _(
                "Verlengen kan vanaf %(date)s, kort voor de grens van de monitoring.") % {
                "date": f"{state.decision_window_opens:%d-%m-%Y}"}


# --- The plan ------------------------------------------------------------------------------------------


class PlanVersionForm(forms.Form):
    """A new version of the plan; the ``first`` one has nothing to have changed from."""

    note = text_field(_("Wat is er veranderd?"), required=False, max_length=300)

    def __init__(self, *args, first: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if first:
            self.fields["note"].label = _("Toelichting (optioneel)")
            self.fields["note"].help_text = _("Bijvoorbeeld: opgesteld na het eerste gezinsgesprek.")


class GoalForm(forms.Form):
    part = choice_field(_("Onderdeel"), PlanPart.choices, message=_("Kies het onderdeel van het plan."))
    text = text_field(_("Doel"), rows=3, message=_("Beschrijf het doel."))
    child_text = text_field(_("Het doel in woorden voor het kind"), required=False, rows=2,
                            help_text=_("Kort en eenvoudig; komt in de versie van het plan voor het "
                            "kind."))


def weeks(n: int) -> str:
    return ngettext("%(n)d week", "%(n)d weken", n) % {"n": n}


def offer_label(offer) -> str:
    """An offer as the plan's maker picks it: what, who, and how long the wait is now."""
    if not offer.waiting_weeks:
        wait = gettext("geen wachttijd")
    elif catalogue.is_long_wait(offer):
        wait = gettext("lange wachttijd: %(weeks)s") % {"weeks": weeks(offer.waiting_weeks)}
    else:
        wait = gettext("wachttijd %(weeks)s") % {"weeks": weeks(offer.waiting_weeks)}
    return f"{offer.title} ({offer.provider.name}) – {wait}"


# A choice whose options are long (a goal's text, a worker with their organisation, an offer with
# its waiting time) takes the whole row of the form's grid, so the chosen option is read to its end.
WIDE = forms.Select(attrs={"class": "cases-wide"})


class ActionForm(forms.Form):
    goal = id_choice(_("Bij doel"), [], message=_("Kies het doel waar deze actie bij hoort."),
                     widget=WIDE)
    text = text_field(_("Actie"), rows=2, message=_("Beschrijf de actie."))
    offer = id_choice(_("Hulpaanbod uit de sociale kaart"), [], required=False, widget=WIDE)
    owner_organisation = id_choice(_("Uitvoerende organisatie"), [],
                                   message=_("Kies de uitvoerende organisatie."))
    owner = id_choice(_("Uitvoerder"), [], required=False, widget=WIDE)
    start_on = date_field(_("Start"), message=_("Vul de startdatum in."))
    due_on = date_field(_("Uiterlijk klaar"), message=_("Vul de einddatum in."))

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self._offer_choices(page)
        self.fields["goal"].choices = EMPTY + [
            (g.pk, f"{g.get_part_display()}: {g.text[:80]}") for g in page.goals]
        # An organisation that does not make the plan adds actions for itself only.
        own_only = not page.may("cases.edit_plan")
        self.fields["owner_organisation"].choices = EMPTY + [
            (p.organisation_id, p.organisation.name) for p in page.active_participations
            if not own_only or p.organisation_id == page.organisation_id]
        seen, owners = set(), []
        for membership in page.owner_candidates:
            if membership.user_id not in seen:
                seen.add(membership.user_id)
                owners.append((membership.user_id, f"{user_label(membership.user)} "
                                                   f"({membership.organisation.name})"))
        self.fields["owner"].choices = EMPTY + owners
        if not self.is_bound:
            self.initial.setdefault("start_on", timezone.localdate())
            if page.organisation_id in {p.organisation_id for p in page.active_participations}:
                self.initial.setdefault("owner_organisation", page.organisation_id)

    def _offer_choices(self, page):
        """The help catalogue's active offers in the family's municipality, each with its current
        waiting time; a long wait (``catalogue.queries.is_long_wait``) is said in the option and
        above the list, where the plan is made."""
        self.offers = list(catalogue.offers(municipality_id=page.case.household.municipality_id))
        self.fields["offer"].choices = EMPTY + [(o.pk, offer_label(o)) for o in self.offers]
        long = [o for o in self.offers if catalogue.is_long_wait(o)]
        help_text = gettext("Kies de hulp die deze actie inzet, als die in de sociale kaart staat. "
                            "Alleen aanbod in de gemeente van het gezin; bij elk aanbod staat de "
                            "actuele wachttijd.")
        if long:
            help_text += " " + gettext("Let op, lange wachttijd nu: %(offers)s.") % {
                "offers": "; ".join(f"{o.title} ({weeks(o.waiting_weeks)})" for o in long)}
        self.fields["offer"].help_text = help_text

    def chosen_offer(self):
        pk = self.cleaned_data.get("offer")
        if pk is None:
            return None
        return next(o for o in self.offers if o.pk == pk)

    def chosen_goal(self):
        pk = self.cleaned_data["goal"]
        return next(g for g in self.page.goals if g.pk == pk)

    def chosen_owner_organisation(self):
        pk = self.cleaned_data["owner_organisation"]
        return next(p.organisation for p in self.page.active_participations
                    if p.organisation_id == pk)

    def chosen_owner(self):
        pk = self.cleaned_data.get("owner")
        if pk is None:
            return None
        return next(m.user for m in self.page.owner_candidates if m.user_id == pk)


class ActionStatusForm(TargetForm):
    """Offers the current status and the ones ``workflow.ACTION_STATUS`` allows next."""

    status = choice_field(_("Status"), ActionStatus.choices, message=_("Kies een status."))

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        states = [action.status, *workflow.next_states(workflow.ACTION_STATUS, action.status)]
        self.fields["status"].choices = EMPTY + [(s, ActionStatus(s).label) for s in states]
        self.initial.setdefault("status", action.status)


class PlanAgreedForm(forms.Form):
    agreed_on = date_field(_("Met het gezin afgesproken op"),
                           message=_("Vul in wanneer het plan met het gezin is afgesproken."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("agreed_on", timezone.localdate())


# --- Handovers of oversight of safety ------------------------------------------------------------------


class HandoverOfferForm(forms.Form):
    # An integer, not a closed choice: an organisation that does not exist or may not receive is
    # refused by ``offer_handover`` itself, with its own message.
    to_organisation = forms.IntegerField(
        label=_("Overdragen aan"), widget=forms.Select,
        error_messages={"required": _("Kies aan welke organisatie u overdraagt."),
                        "invalid": _("Kies aan welke organisatie u overdraagt.")})
    note = text_field(_("Toelichting voor de ontvanger"), required=False, rows=3)

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].widget.choices = EMPTY + [
            (o.pk, o.name) for o in page.handover_targets]


class HandoverAcceptForm(TargetForm):
    pass


class HandoverDeclineForm(TargetForm):
    reason = text_field(_("Reden van afwijzen"), rows=3,
                        message=_("Geef de reden om de overdracht af te wijzen."),
                        help_text=_("De aanbiedende organisatie ziet deze reden."))


class HandoverWithdrawForm(TargetForm):
    pass


# --- The child's voice and closure ----------------------------------------------------------------------


class ChildVoiceForm(forms.Form):
    child = id_choice(_("Kind"), [], message=_("Kies een kind uit dit huishouden."))
    account = text_field(_("Wat het kind vertelt"), rows=5,
                         message=_("Schrijf op wat het kind vertelt, zo veel mogelijk in eigen woorden."),
                         help_text=_("Zo veel mogelijk in de woorden van het kind."))
    wishes = text_field(_("Wat het kind wil"), required=False, rows=3)

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.fields["child"].choices = EMPTY + [(c.pk, person_label(c)) for c in page.children]

    def chosen_child(self):
        pk = self.cleaned_data["child"]
        return next(c for c in self.page.children if c.pk == pk)


class CloseForm(forms.Form):
    reason = choice_field(_("Reden van afsluiten"), ClosureReason.choices, radio=True,
                          message=_("Kies de reden van afsluiten."))
    note = text_field(_("Toelichting"), required=False, rows=3,
                      help_text=_("Verplicht bij ‘Anders’."))


class ImpactForm(forms.Form):
    """An impact measurement (T0, T12, T18 or in between): the household's figures, then per family
    member the safety they experience (a score, or why it was not asked), per child whether help
    started. The rules (a date in the future, a T12 before its window, a person not in the
    household) are ``services.record_impact``'s, and come back at their field."""

    moment = choice_field(_("Meetmoment"), ImpactMoment.choices, message=_("Kies het meetmoment."))
    monitoring_moment = id_choice(
        _("Bij monitoringsmoment"), [], required=False,
        help_text=_("Alleen als de meting bij een gehouden monitoringsmoment hoort; de datum is dan "
                    "die van het moment."))
    measured_on = date_field(_("Gemeten op"), message=_("Vul in wanneer er is gemeten."))
    incidents = forms.IntegerField(
        label=_("Incidenten sinds de vorige meting"), min_value=0,
        help_text=_("Bij T0: de incidenten in de 12 maanden voor de melding."),
        error_messages={"required": _("Vul het aantal incidenten in: 0 of meer."),
                        "invalid": _("Vul een heel getal in: 0 of meer."),
                        "min_value": _("Vul het aantal incidenten in: 0 of meer.")},
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}))
    severity = choice_field(_("Ernst van het ergste incident"), IncidentSeverity.choices,
                            message=_("Kies de ernst van de incidenten."))
    new_reports = forms.IntegerField(
        label=_("Nieuwe meldingen sinds de vorige meting"), min_value=0,
        error_messages={"required": _("Vul het aantal nieuwe meldingen in: 0 of meer."),
                        "invalid": _("Vul een heel getal in: 0 of meer."),
                        "min_value": _("Vul het aantal nieuwe meldingen in: 0 of meer.")},
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}))
    professional_safety = forms.IntegerField(
        label=_("Veiligheid volgens de professionals (1-10)"), min_value=1, max_value=10,
        error_messages={"required": SCALE_MESSAGE, "invalid": SCALE_MESSAGE,
                        "min_value": SCALE_MESSAGE, "max_value": SCALE_MESSAGE},
        widget=forms.NumberInput(attrs={"min": 1, "max": 10, "inputmode": "numeric"}))
    note = text_field(_("Toelichting"), required=False, rows=3)

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        taken = {m.monitoring_moment_id for m in page.impact_measurements}
        self.moments = [m for m in page.monitoring_moments
                        if m.held_on is not None and m.pk not in taken]
        self.fields["monitoring_moment"].choices = EMPTY + [
            (m.pk, _("gehouden op %(date)s") % {"date": f"{m.held_on:%d-%m-%Y}"})
            for m in self.moments]
        if not self.is_bound:
            due = next((d for d in page.impact_schedule if d.status in ("due", "overdue")), None)
            self.initial["moment"] = due.moment if due else ImpactMoment.OTHER
            self.initial["measured_on"] = timezone.localdate()
        self.person_fields, self.child_fields = [], []
        for row in page.persons:
            person = row.person
            name = person_label(person)
            score, reason = f"safety_{person.pk}", f"not_asked_{person.pk}"
            self.fields[score] = forms.IntegerField(
                label=_("Ervaren veiligheid (1-10): %(name)s") % {"name": name}, required=False,
                min_value=1, max_value=10,
                error_messages={"invalid": PERSON_SCALE_MESSAGE, "min_value": PERSON_SCALE_MESSAGE,
                                "max_value": PERSON_SCALE_MESSAGE},
                widget=forms.NumberInput(attrs={"min": 1, "max": 10, "inputmode": "numeric"}))
            self.fields[reason] = choice_field(
                _("Zonder cijfer: waarom niet (%(name)s)") % {"name": name}, NotAsked.choices,
                required=False)
            self.person_fields.append((person, score, reason))
            if row.member.role == "child":
                started, since = f"help_{person.pk}", f"help_on_{person.pk}"
                self.fields[started] = choice_field(
                    _("Hulp gestart voor %(name)s") % {"name": name},
                    [("yes", _("Ja")), ("no", _("Nee"))], required=False)
                self.fields[since] = date_field(
                    _("Hulp gestart op (%(name)s)") % {"name": name}, required=False)
                self.child_fields.append((person, started, since))

    def chosen_moment(self):
        pk = self.cleaned_data["monitoring_moment"]
        return next((m for m in self.moments if m.pk == pk), None) if pk else None

    def safety_answers(self) -> list:
        """Each family member: the score where one was given, else why not (not asked unless
        chosen otherwise)."""
        answers = []
        for person, score, reason in self.person_fields:
            value = self.cleaned_data.get(score)
            answers.append(SafetyAnswer(person.pk, value, "" if value is not None else
                                        (self.cleaned_data.get(reason) or NotAsked.NOT_ASKED)))
        return answers

    def help_answers(self) -> list:
        """Each child whose help was answered (left empty: not known, no row)."""
        answers = []
        for child, started, since in self.child_fields:
            value, on = self.cleaned_data.get(started), self.cleaned_data.get(since)
            if value or on:
                answers.append(HelpAnswer(child.pk, value == "yes", on))
        return answers
