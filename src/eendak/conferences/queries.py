"""Read models of the Veiligheidsteam's work: one function per thing a page or endpoint shows, so the
screens and the API read the same (and the query counts are tested on these)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Max, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from eendak.cases.models import Case, CaseStatus, PlanAction
from eendak.cases.queries import Signal, SignalContext, case_person_rows, current_plan_number
from eendak.cases.workflow import OPEN_ACTION_STATUSES
from eendak.core import exports
from eendak.core.exports import DATE, Column
from eendak.core.models import Organisation
from eendak.core.permissions import allowed as permissions_allowed
from eendak.core.permissions import refusal, subject_of
from eendak.core.roles import OrganisationType
from eendak.intake import instruments
from eendak.intake.models import InstrumentResult, Report
from eendak.persons.queries import persons_of

from . import permissions, workflow
from .models import (
    AgendaItem,
    Conference,
    ConferenceAction,
    Invitation,
    Measure,
    MeasureKind,
    Notice,
    Referral,
    TeamPartner,
)
from .permissions import invited_items, visible_conferences, visible_referrals
from .workflow import ConferenceStatus, InvitationKind, MeasureStatus, ReferralStatus


def team_organisation() -> Organisation | None:
    """The region's Veiligheidsteam (the Zorg- en Veiligheidshuis)."""
    return (Organisation.objects.filter(type=OrganisationType.SAFETY_HOUSE, is_active=True)
            .order_by("pk").first())


def fixed_partners():
    return Organisation.objects.filter(
        pk__in=TeamPartner.objects.filter(kind=InvitationKind.FIXED).values("organisation_id"),
        is_active=True).order_by("name")


def consulting_partners():
    return Organisation.objects.filter(
        pk__in=TeamPartner.objects.filter(kind=InvitationKind.CONSULTING)
        .values("organisation_id"), is_active=True).order_by("name")


def invitable_partners(case: Case):
    """Whom a referral may ask to invite and the team may invite for one household as consulting
    partners: the team's consulting partners and the organisations taking part in the case —
    not the fixed members (always invited) and not the team itself. The one rule the referral, the
    agenda and the invitation (screens and API) all ask."""
    return (Organisation.objects.filter(is_active=True)
            .filter(Q(pk__in=consulting_partners().values("pk"))
                    | Q(participations__case=case, participations__ended_at__isnull=True))
            .exclude(pk__in=fixed_partners().values("pk"))
            .exclude(type=OrganisationType.SAFETY_HOUSE)
            .distinct().order_by("name"))


def hand_back_targets(case: Case):
    """Where the team hands a family back: the local team of its municipality, or one taking part."""
    return (Organisation.objects.filter(type=OrganisationType.LOCAL_TEAM, is_active=True)
            .filter(Q(municipality_id=case.household.municipality_id)
                    | Q(participations__case=case, participations__ended_at__isnull=True))
            .distinct().order_by("name"))


def _instrument_name(code: str) -> str:
    """The instrument's name as the intake registered it (DASH risicochecklist, RiHG ...)."""
    instrument = instruments.REGISTRY.get(code)
    return instrument.name if instrument else code


def referral_history(case: Case) -> dict:
    """What makes a family fit for the team, counted from the file at the moment of referral: the
    reports and earlier cases about the household, the risk instruments' outcomes, measures."""
    reports = Report.objects.filter(household_id=case.household_id)
    instruments = (InstrumentResult.objects.filter(report__household_id=case.household_id)
                   .order_by("-assessed_at")[:10])
    return {
        "reports": reports.count(),
        "first_report_on": (f"{timezone.localtime(first):%Y-%m-%d}"
                            if (first := reports.order_by("received_at")
                                .values_list("received_at", flat=True).first()) else None),
        "earlier_cases": Case.objects.filter(household_id=case.household_id).exclude(pk=case.pk)
        .count(),
        "instruments": [
            {"instrument": r.instrument, "name": _instrument_name(r.instrument),
             "version": r.version, "score": r.score, "band": r.band,
             "outcome": r.outcome, "assessed_on": f"{timezone.localtime(r.assessed_at):%Y-%m-%d}"}
            for r in instruments],
        "house_bans": Measure.objects.filter(case__household_id=case.household_id,
                                             kind=MeasureKind.HOUSE_BAN).count(),
    }


def active_referral(case: Case) -> Referral | None:
    return (case.safety_team_referrals.filter(status__in=workflow.ACTIVE_REFERRAL_STATUSES)
            .first())


def team_case_ids():
    """Cases the Veiligheidsteam coordinates: accepted, and not yet taken over by the local team it
    handed the family back to (registered with ``cases.queries`` so the generic coordination limit
    does not signal them)."""
    return Referral.objects.filter(
        Q(status=ReferralStatus.ACCEPTED)
        | Q(status=ReferralStatus.HANDED_BACK,
            case__responsible_organisation__type=OrganisationType.SAFETY_HOUSE)).values("case_id")


# --- Lists ------------------------------------------------------------------------------------------

REFERRAL_RELATED = ("case__household", "requesting_organisation", "requested_by", "coordinator")


# One referral as its page and its API show it.
REFERRAL_DETAIL_RELATED = (*REFERRAL_RELATED, "vt_decided_by", "handed_back_to",
                           "case__responsible_organisation")


def referral_detail(who, pk) -> Referral | None:
    """One referral with everything its detail shows (screen and API), in a fixed number of
    queries: its triage decisions, the partners to invite, the agenda items ``who`` may read."""
    referral = (Referral.objects.select_related(*REFERRAL_DETAIL_RELATED)
                .prefetch_related("invited_partners", "triage_decisions__decided_by")
                .filter(pk=pk).first())
    if referral is not None:
        referral.visible_items = list(invited_items(who).filter(referral=referral)
                                      .select_related("conference")
                                      .order_by("conference__starts_at"))
    return referral


def referrals_for(who, *, status: str | None = None):
    referrals = visible_referrals(who).select_related(*REFERRAL_RELATED)
    if status:
        referrals = referrals.filter(status=status)
    return referrals.order_by("-requested_at")


def _referral_rows(referrals):
    for r in referrals:
        yield [r.reference, r.case.reference, r.case.household.reference, r.get_status_display(),
               r.requesting_organisation.name, r.requested_at, r.triage_on,
               (r.coordinator.get_full_name() or r.coordinator.username) if r.coordinator else ""]


@exports.source("conferences.view_notices")
def referrals_table(who, *, status: str = "") -> exports.Table:
    """"Aanmeldingen" of the Veiligheidsteam as a file: every page of ``referrals_for`` with the
    page's status filter; the log names the households' persons, as the page's read does."""
    referrals = referrals_for(who, status=status or None)
    return exports.Table(
        title=_("Aanmeldingen Veiligheidsteam"), name="aanmeldingen-veiligheidsteam",
        detail=f"status={status}" if status else "",
        columns=[Column("reference", _("Aanmelding")), Column("case", _("Casus")),
                 Column("household", _("Huishouden")), Column("status", _("Status")),
                 Column("requested_by", _("Aangedragen door")),
                 Column("requested_at", _("Aangemeld op"), DATE),
                 Column("triage_on", _("Triage"), DATE), Column("coordinator", _("Regisseur"))],
        rows=_referral_rows(referrals.iterator(chunk_size=500)), count=referrals.count(),
        persons=persons_of(*set(referrals.values_list("case__household_id", flat=True))))


def triage_list(who, triage_on: date):
    """The week's triage agenda: referrals waiting whose triage date is this one or earlier (a
    referral not decided on last week stays on the list)."""
    return (visible_referrals(who).filter(status=ReferralStatus.REFERRED, triage_on__lte=triage_on)
            .select_related(*REFERRAL_RELATED).prefetch_related("invited_partners")
            .order_by("triage_on", "referred_at"))


@exports.source("conferences.view_triage")
def triage_table(who, *, week: str) -> exports.Table:
    """The week's triage agenda as a file: ``triage_list`` for the triage day ``week`` (ISO date,
    as the page's ``?week=``), the families the page shows. The log names their households."""
    triage_on = date.fromisoformat(week)
    referrals = triage_list(who, triage_on)
    return exports.Table(
        title=_("Triage van %(date)s") % {"date": f"{triage_on:%d-%m-%Y}"},
        name=f"triage-{triage_on:%Y-%m-%d}", detail=f"triage {triage_on:%Y-%m-%d}",
        columns=[Column("reference", _("Aanmelding")), Column("case", _("Casus")),
                 Column("household", _("Huishouden")),
                 Column("requested_by", _("Aangedragen door")),
                 Column("referred_at", _("Aangemeld op"), DATE),
                 Column("triage_on", _("Triage"), DATE),
                 Column("invited", _("Uitgenodigde partners"))],
        rows=_triage_rows(referrals.iterator(chunk_size=500)), count=referrals.count(),
        persons=persons_of(*set(referrals.values_list("case__household_id", flat=True))))


def _triage_rows(referrals):
    for r in referrals:
        yield [r.reference, r.case.reference, r.case.household.reference,
               r.requesting_organisation.name, r.referred_at, r.triage_on,
               ", ".join(sorted(o.name for o in r.invited_partners.all()))]


def conferences_for(who, *, upcoming: bool | None = None):
    conferences = visible_conferences(who).select_related("chair")
    now = timezone.now()
    if upcoming is True:
        conferences = conferences.filter(status=ConferenceStatus.PLANNED, starts_at__gte=now
                                         - timedelta(hours=12))
    elif upcoming is False:
        conferences = conferences.exclude(status=ConferenceStatus.PLANNED, starts_at__gte=now
                                          - timedelta(hours=12))
    return conferences


def items_of(conference: Conference, who):
    """The agenda of one conference as ``who`` may see it (a consulting partner: its own items)."""
    return (invited_items(who).filter(conference=conference)
            .select_related("referral__case__household")
            .prefetch_related(Prefetch("invitations",
                                       queryset=Invitation.objects.select_related("organisation")))
            .order_by("position", "pk"))


PAST_CONFERENCES = 25  # the held and cancelled ones a list shows, newest first


def conference_rows(who) -> tuple[list, list]:
    """The conference list as its page shows it: the coming ones, and the latest past ones."""
    coming = list(conferences_for(who, upcoming=True))
    past = list(conferences_for(who, upcoming=False).order_by("-starts_at")[:PAST_CONFERENCES])
    return coming, past


@exports.source("conferences.view_own_contributions")
def conferences_table(who) -> exports.Table:
    """"Casusoverleggen" as a file: the coming and the latest past conferences the page lists
    (``conference_rows``). A conference names no person (its agenda does)."""
    coming, past = conference_rows(who)
    return exports.Table(
        title=_("Casusoverleggen"), name="casusoverleggen",
        columns=[Column("reference", _("Kenmerk")), Column("starts_at", _("Datum en tijd"), DATE),
                 Column("place", _("Plaats")), Column("chair", _("Voorzitter")),
                 Column("status", _("Status"))],
        rows=[[c.reference, c.starts_at, c.place, c.chair.get_full_name() or c.chair.username,
               c.get_status_display()] for c in [*coming, *past]])


def _invited(item, kind) -> str:
    return ", ".join(i.organisation.name for i in item.invitations.all() if i.kind == kind)


@exports.source("conferences.view_own_contributions")
def agenda_table(who, *, conference_id: int) -> exports.Table:
    """A conference's agenda as a file: the items ``who`` may see (``items_of``: a consulting
    partner its own), for a conference ``who`` may see (else the logged 404 of
    ``conferences.view_conference``). The log names the households on it."""
    conference = visible_conferences(who).select_related("chair").filter(pk=conference_id).first()
    if conference is None or not permissions_allowed(who, "conferences.view_conference",
                                                     conference):
        raise refusal("conferences.view_conference", ("conferences.conference",
                                                      str(conference_id)))
    items = list(items_of(conference, who))
    return exports.Table(
        title=_("Agenda van %(ref)s") % {"ref": conference.reference},
        name=f"agenda-{conference.reference}", detail=f"casusoverleg={conference.reference}",
        columns=[Column("case", _("Casus")), Column("household", _("Huishouden")),
                 Column("fixed", _("Vaste deelnemers")),
                 Column("consulting", _("Consulterende partners (alleen voor dit gezin)")),
                 Column("informed", _("Betrokkenen geïnformeerd"))],
        rows=[[item.referral.case.reference, item.referral.case.household.reference,
               _invited(item, InvitationKind.FIXED), _invited(item, InvitationKind.CONSULTING),
               item.get_informed_display()] for item in items],
        persons=persons_of(*{item.referral.case.household_id for item in items}))


@dataclass
class ItemFile:
    """One household on a conference agenda: the page, the API and the minutes PDF read this."""

    item: AgendaItem
    conference: Conference
    referral: Referral
    invitations: list
    contributions: list
    decisions: list
    actions: list
    measures: list
    persons: list = field(default_factory=list)  # ids, for the access-log entry
    # The persons discussed (name, date of birth, role in the case): who the conference was about.
    # No addresses: the minutes need no address, so an address shield has nothing to hide here.
    people: list = field(default_factory=list)

    @classmethod
    def load(cls, item: AgendaItem) -> "ItemFile":
        item = (AgendaItem.objects.select_related(
            "conference__chair", "referral__case__household", "referral__requesting_organisation",
            "referral__coordinator").get(pk=item.pk))
        case = item.referral.case
        return cls(
            item=item, conference=item.conference, referral=item.referral,
            invitations=list(item.invitations.select_related("organisation")),
            contributions=list(item.contributions.select_related("organisation", "author")),
            decisions=list(item.decisions.select_related("decided_by")),
            actions=_in_current_plan(list(ConferenceAction.objects.filter(item=item)
                                          .select_related("plan_action__owner_organisation",
                                                          "plan_action__owner", "decision")),
                                     case),
            measures=list(Measure.objects.filter(case=case).select_related(
                "source_organisation", "person", "supports_condition")),
            persons=list(persons_of(case.household_id)),
            people=case_person_rows(case, None),
        )


def _in_current_plan(links: list, case: Case) -> list:
    """Each conference action as it stands in the family's current plan: a new plan version copies
    the action (``PlanAction.origin`` names the first), and its status lives on the copy."""
    origins = {link.plan_action.origin_id or link.plan_action_id: link for link in links}
    if origins:
        current = (PlanAction.objects.filter(goal__version__case=case)
                   .filter(goal__version__number=case.plan_versions.order_by("-number")
                           .values("number")[:1])
                   .filter(Q(pk__in=origins) | Q(origin_id__in=origins))
                   .select_related("owner_organisation", "owner"))
        for action in current:
            link = origins[action.origin_id or action.pk]
            link.plan_action = action
    return links


def measures_of(case: Case):
    return (Measure.objects.filter(case=case)
            .select_related("source_organisation", "person", "supports_condition")
            .order_by("status", "starts_on"))


def own_contributions(who):
    return permissions.own_contributions(who).select_related(
        "item__conference", "item__referral__case", "author")


def own_contributions_list(who):
    """"Onze inbreng" as its page pages through it: the organisation's contributions, newest first."""
    return own_contributions(who).order_by("-created_at", "-pk")


def _contribution_rows(contributions):
    yes, no = _("ja"), _("nee")
    for c in contributions:
        yield [c.created_at, c.author.get_full_name() or c.author.username,
               c.item.conference.starts_at, c.item.conference.reference,
               c.item.referral.case.reference, c.text, c.get_legal_basis_display(),
               yes if c.conference_only else no]


@exports.source("conferences.view_own_contributions")
def own_contributions_table(who) -> exports.Table:
    """"Onze inbreng" as a file: every contribution of the organisation (all pages of
    ``own_contributions_list``), also those about households it may no longer read — as the page
    shows them. The log names the households the contributions are about."""
    contributions = own_contributions_list(who)
    return exports.Table(
        title=_("Onze inbreng in casusoverleggen"), name="onze-inbreng",
        columns=[Column("created_at", _("Datum"), DATE), Column("author", _("Auteur")),
                 Column("conference_on", _("Datum casusoverleg"), DATE),
                 Column("conference", _("Casusoverleg")), Column("case", _("Casus")),
                 Column("text", _("Inbreng")), Column("legal_basis", _("Grondslag")),
                 Column("conference_only", _("Alleen voor het casusoverleg"))],
        rows=_contribution_rows(contributions.iterator(chunk_size=500)),
        count=contributions.count(),
        persons=persons_of(*set(contributions.values_list("item__referral__case__household_id",
                                                          flat=True))))


def notices_for(who, *, unseen_only: bool = True):
    subject = subject_of(who)
    notices = Notice.objects.filter(to_organisation_id=subject.organisation_id)
    if unseen_only:
        notices = notices.filter(seen_at__isnull=True)
    return notices.select_related("referral__case").order_by("-created_at")


# --- The team's work queues ---------------------------------------------------------------------


def house_ban_warning(today: date) -> date:
    return today + timedelta(days=settings.EENDAK_HOUSE_BAN_WARNING_DAYS)


def measures_ending(case_ids, today: date):
    """Running measures whose end date is near (a house ban's end is signalled before it ends)."""
    return (Measure.objects.filter(case_id__in=case_ids, status=MeasureStatus.RUNNING,
                                   ends_on__isnull=False, ends_on__lte=house_ban_warning(today),
                                   # Past its end for a week: over, whether or not anyone ended it.
                                   ends_on__gte=today - timedelta(days=7))
            .select_related("case", "source_organisation").order_by("ends_on"))


@dataclass
class TeamWork:
    triage_on: date
    waiting: list
    agenda: list
    conferences: list
    actions_due: list
    measures_ending: list
    without_conference: list
    without_perpetrator_approach: list
    notices: list

    def household_ids(self) -> set[int]:
        """The households the work queues show: whose persons the page's access-log entry names."""
        return {
            *(r.case.household_id for r in (*self.waiting, *self.agenda, *self.without_conference,
                                              *self.without_perpetrator_approach)),
            *(a.goal.version.case.household_id for a in self.actions_due),
            *(m.case.household_id for m in self.measures_ending),
            *(n.referral.case.household_id for n in self.notices)}


def team_work(who, today: date | None = None) -> TeamWork:
    today = today or timezone.localdate()
    triage_on = workflow.coming_triage(today)
    accepted = Referral.objects.filter(status=ReferralStatus.ACCEPTED)
    case_ids = accepted.values("case_id")
    weeks = settings.EENDAK_SAFETY_TEAM_CONFERENCE_WEEKS
    without = (accepted.annotate(last_conference=Max(
        "agenda_items__conference__starts_at",
        filter=Q(agenda_items__conference__status=ConferenceStatus.HELD)))
        .filter(Q(last_conference__isnull=True)
                | Q(last_conference__lt=timezone.now() - timedelta(weeks=weeks)))
        .select_related("case__household", "coordinator").order_by("accepted_on"))
    # The perpetrator approach is part of the plan, not an afterthought: a family of the team
    # without one running is on the list until it has one.
    without_approach = (accepted.exclude(case__safety_measures__in=Measure.objects.filter(
        kind=MeasureKind.PERPETRATOR_APPROACH, status=MeasureStatus.RUNNING))
        .select_related("case__household", "coordinator").order_by("accepted_on"))
    ending = measures_ending(Case.objects.filter(status=CaseStatus.OPEN, pk__in=case_ids)
                             .values("pk"), today)
    return TeamWork(
        triage_on=triage_on,
        waiting=list(triage_list(who, triage_on + timedelta(days=7 * 52))),
        agenda=list(triage_list(who, triage_on)),
        conferences=list(conferences_for(who, upcoming=True)[:10]),
        actions_due=list(PlanAction.objects.filter(
            goal__version__case_id__in=case_ids, status__in=OPEN_ACTION_STATUSES,
            due_on__lte=today + timedelta(days=7))
            .filter(goal__version__number=current_plan_number())
            .select_related("goal__version__case", "owner_organisation", "owner")
            .order_by("due_on")[:50]),
        # A house ban first: its end is the one with a legal deadline.
        measures_ending=sorted(ending, key=lambda m: (m.kind != MeasureKind.HOUSE_BAN, m.ends_on)),
        without_conference=list(without),
        without_perpetrator_approach=list(without_approach),
        notices=list(notices_for(who)),
    )


# --- Signals on the start page of every organisation concerned ---------------------------------------


def signals(context: SignalContext) -> list[Signal]:
    """Measures about to end (a house ban's end above all) and feedback owed to the organisation,
    for the cases it sees (registered with ``cases.queries`` in ``ConferencesConfig.ready``)."""
    found = []
    for measure in measures_ending(context.visible.values("pk"), context.today):
        found.append(Signal("measure_ending", f"{measure.get_kind_display()} loopt af",
                            measure.case, measure.ends_on, measure.ends_on < context.today,
                            measure.source_organisation.name))
    for notice in (Notice.objects.filter(to_organisation_id=context.org_id, seen_at__isnull=True,
                                         referral__case__in=context.visible)
                   .select_related("referral__case")):
        found.append(Signal("safety_team_notice", "Terugkoppeling Veiligheidsteam",
                            notice.referral.case, timezone.localtime(notice.created_at).date(),
                            False, notice.text))
    return found

