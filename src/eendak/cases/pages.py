"""What only the case screens need, on top of the one read model of a case (``queries.CaseFile``,
which the API reads too): which steps the acting organisation may take — asked of the declared
permissions, never decided here —, the bounded choices of their forms, and the latest journal entries.

The page must stay constant in database queries however long the file grows: every collection is
fetched with one query, never per row (the budget is on ``CaseFile``). The journal is the part that
grows without limit, so the page shows only the latest ``JOURNAL_ON_PAGE`` entries (one sliced query;
one extra row tells whether there are older ones, so no COUNT is needed) and links to the paginated
journal for the rest. A step's form is not built with the page at all: it is fetched when its step
is opened (``views.step_form``), so the page never renders a choice list it does not show.

Nothing here writes: the views log what the page shows (``case.read``) and the services write.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from eendak.core import exports
from eendak.core.exports import DATE, Column
from eendak.core.models import Membership, Organisation, User
from eendak.core.permissions import allowed, refusal, subject_of
from eendak.core.roles import NEVER_IN_A_CASE, ROLE_SPECS, Capability, OrganisationType
from eendak.persons.models import HouseholdMember

from . import queries, services
from .models import Case, CaseStatus, PlanAction, PlanPart, PlanVersion, Recurrence
from .permissions import own_contributions, visible_cases, visible_journal

JOURNAL_ON_PAGE = 50
JOURNAL_PAGE_SIZE = 50
# Choice lists a form offers at most; a longer list is narrowed by typing (participant search).
MAX_CHOICES = 25
CLIENT_DATA_ROLES = frozenset(role for role, spec in ROLE_SPECS.items()
                              if Capability.CLIENT_DATA in spec.capabilities)


@dataclass(frozen=True)
class CasePanel:
    """A section an app above the case file adds to the case page (the Veiligheidsteam's referral
    and measures): its anchor and title for the page's table of contents, and the template that
    renders ``context`` (with ``case`` and ``page`` beside it)."""

    anchor: str
    title: str
    template: str
    context: dict = field(default_factory=dict)


# Apps above cases add panels of their own, registered in their AppConfig.ready, so this module
# imports none of them: a callable (CasePage) -> CasePanel | None, asked when the page is shown. A
# source asks its own declared permissions and keeps to a fixed number of queries: the case page's
# budget must not grow with the data (tests/…/test_views_query_count.py).
_PANEL_SOURCES: dict[str, Callable[["CasePage"], CasePanel | None]] = {}


def register_case_panel(name: str, source: Callable[["CasePage"], CasePanel | None]) -> None:
    _PANEL_SOURCES[name] = source


def journal_entries(user, case):
    """What the acting organisation may read of the time line, newest first, with everything a row
    shows joined in (author, source, document): one query whatever the length."""
    return visible_journal(user, case).select_related("author", "source_organisation", "document")


class CasePage(queries.CaseFile):
    """The case file as one screen shows it to the acting organisation."""

    def __init__(self, user, case: Case):
        super().__init__(user, case)
        self.is_open = case.status == CaseStatus.OPEN

    # --- What the acting organisation may do -----------------------------------------------------

    def may(self, permission: str, obj=None) -> bool:
        """The declared permission, asked of this case (or of one item of it). Closed cases take no
        steps at all (the services refuse them too, with a message)."""
        return self.is_open and allowed(self.user, permission, self.case if obj is None else obj)

    @property
    def my_participation(self):
        return next((p for p in self.active_participations
                     if p.organisation_id == self.organisation_id), None)

    # --- Bounded choices of the forms ------------------------------------------------------------

    @cached_property
    def coordinator_candidates(self) -> list[User]:
        return list(services.coordinator_candidates(self.case)
                    .order_by("last_name", "first_name", "username"))

    @cached_property
    def owner_candidates(self) -> list[Membership]:
        """Who may own a plan action: people who work with client data at an organisation that
        takes part now (never a log administrator, analyst or functional administrator), with that
        organisation, so the form can say "naam (organisatie)"; one query."""
        org_ids = [p.organisation_id for p in self.active_participations]
        return list(
            Membership.objects.filter(organisation_id__in=org_ids, is_active=True,
                                      user__is_active=True, role__in=CLIENT_DATA_ROLES)
            .select_related("user", "organisation")
            .order_by("organisation__name", "user__last_name", "user__first_name"))

    @cached_property
    def handover_targets(self) -> list[Organisation]:
        """Where oversight of safety can go from here: organisations of a receiving kind that take
        part already, the local team of the household's municipality, and the Veilig Thuis,
        Veiligheidsteam and youth-protection organisations — not every local team of the country."""
        taking_part = [p.organisation_id for p in self.active_participations]
        return list(
            services.handover_targets(self.organisation_id)
            .filter(Q(pk__in=taking_part)
                    | Q(type=OrganisationType.LOCAL_TEAM,
                        municipality_id=self.case.household.municipality_id)
                    | ~Q(type=OrganisationType.LOCAL_TEAM))
            .order_by("name"))

    def participant_candidates(self, search: str = "") -> list[Organisation]:
        """Organisations that could join, narrowed by what the user typed: at most
        ``MAX_CHOICES``, the household's own local team first when nothing was typed."""
        taking_part = [p.organisation_id for p in self.active_participations]
        candidates = (Organisation.objects.filter(is_active=True).exclude(pk__in=taking_part)
                      .exclude(type__in=NEVER_IN_A_CASE))
        search = (search or "").strip()
        if search:
            candidates = candidates.filter(name__icontains=search).order_by("name")
        else:
            household_municipality = self.case.household.municipality_id
            candidates = candidates.filter(
                Q(municipality_id=household_municipality) | Q(municipality__isnull=True)
            ).order_by("type", "name")
        return list(candidates[:MAX_CHOICES])

    # --- What the page shows ---------------------------------------------------------------------

    @cached_property
    def panels(self) -> list[CasePanel]:
        """The registered apps' sections on this page, those that have something to show."""
        return [panel for panel in (source(self) for source in _PANEL_SOURCES.values()) if panel]

    @property
    def plan_parts(self) -> list[tuple[str, str, list]]:
        """(part, label, goals) for safety, help and recovery, in that order, also when empty."""
        return [(value, label, [g for g in self.goals if g.part == value])
                for value, label in PlanPart.choices]

    @property
    def handover_preview(self) -> dict:
        """What an offer would hand over now: the same contents ``offer_handover`` stores, computed
        from what the page already loaded."""
        plan = self.current_plan
        return {
            "conditions": [c.text for c in self.active_conditions],
            "plan_version": plan.number if plan else None,
            "open_actions": [a.text for a in self.open_actions],
        }

    @cached_property
    def _journal_slice(self) -> list:
        return list(journal_entries(self.user, self.case)[:JOURNAL_ON_PAGE + 1])

    @property
    def journal(self) -> list:
        return self._journal_slice[:JOURNAL_ON_PAGE]

    @property
    def journal_has_older(self) -> bool:
        return len(self._journal_slice) > JOURNAL_ON_PAGE


def journal_page(user, case, page_number) -> Page:
    """The whole time line, 50 a page: the "older" link of the case page leads here."""
    return Paginator(journal_entries(user, case), JOURNAL_PAGE_SIZE).get_page(page_number)


# --- "Mijn casussen" -----------------------------------------------------------------------------


def my_cases_page(user, page_number, per_page: int = 25):
    """One page of the organisation's open cases. The household's members come along in one
    prefetch (names on the list, and the persons the access log names)."""
    members = HouseholdMember.objects.select_related("person").order_by("role", "person_id")
    qs = queries.my_cases(user).prefetch_related(
        Prefetch("household__members", queryset=members, to_attr="member_list"))
    page = Paginator(qs, per_page).get_page(page_number)
    page.object_list = list(page.object_list)
    for case in page.object_list:
        case.is_mine = case.coordinator_id == user.pk
        case.surnames = sorted({m.person.surname for m in case.household.member_list})
    return page


def _my_cases_rows(qs):
    for case in qs:
        members = case.household.member_list
        yield [case.reference, ", ".join(sorted({m.person.surname for m in members})),
               case.household.reference, case.household.municipality.name,
               case.get_phase_display(), case.responsible_organisation.name,
               (case.coordinator.get_full_name() or case.coordinator.username)
               if case.coordinator else "",
               ", ".join(p.organisation.name for p in case.participations.all())]


@exports.source("cases.view_work")
def my_cases_table(user) -> exports.Table:
    """"Mijn casussen" as a file: every page of the list ``my_cases_page`` shows, on the same query
    (``queries.my_cases``, the acting organisation's open cases), the same columns; the persons the
    log names are the households' members, as the page's read names them."""
    members = HouseholdMember.objects.select_related("person").order_by("role", "person_id")
    qs = queries.my_cases(user).prefetch_related(
        Prefetch("household__members", queryset=members, to_attr="member_list"))
    return exports.Table(
        title=_("Mijn casussen"), name="casussen",
        columns=[Column("reference", _("Casus")), Column("surnames", _("Gezin")),
                 Column("household", _("Huishouden")), Column("municipality", _("Gemeente")),
                 Column("phase", _("Fase")), Column("responsible", _("Zicht op veiligheid")),
                 Column("coordinator", _("Casuscoördinator")),
                 Column("participants", _("Deelnemers"))],
        rows=_my_cases_rows(qs.iterator(chunk_size=500)), count=qs.count(),
        persons=HouseholdMember.objects.filter(
            household__in=queries.my_cases(user).values("household")).values_list(
            "person_id", flat=True).distinct())


def _household_persons(household_ids):
    return HouseholdMember.objects.filter(household_id__in=household_ids).values_list(
        "person_id", flat=True).distinct()


@exports.source("cases.view_work")
def my_actions_table(user) -> exports.Table:
    """"Mijn acties" as a file: the open plan actions the user owns, on the page's own query
    (``queries.my_actions``: current plan versions of open cases the organisation may see). The log
    names the households of those cases."""
    actions = queries.my_actions(user)
    return exports.Table(
        title=_("Mijn acties"), name="mijn-acties",
        columns=[Column("action", _("Actie")), Column("case", _("Casus")),
                 Column("organisation", _("Uitvoerder")),
                 Column("start_on", _("Start"), DATE), Column("due_on", _("Uiterlijk"), DATE),
                 Column("status", _("Status"))],
        rows=([a.text, a.goal.version.case.reference,
               a.owner_organisation.name if a.owner_organisation else "", a.start_on, a.due_on,
               a.get_status_display()] for a in actions.iterator(chunk_size=500)),
        count=actions.count(),
        persons=_household_persons(actions.values("goal__version__case__household_id")))


@exports.source("cases.view_work")
def signals_table(user) -> exports.Table:
    """"Signalen" as a file: what needs the organisation's attention, as the page lists it
    (``queries.signals``, most urgent first). The log names the households of the cases."""
    found = queries.signals(user)
    return exports.Table(
        title=_("Signalen"), name="signalen",
        columns=[Column("label", _("Wat")), Column("case", _("Casus")),
                 Column("due", _("Uiterlijk"), DATE), Column("overdue", _("Te laat")),
                 Column("detail", _("Toelichting"))],
        rows=[[str(signal.label), signal.case.reference, signal.due,
               _("ja") if signal.overdue else _("nee"), signal.detail] for signal in found],
        persons=_household_persons({signal.case.household_id for signal in found}))


@exports.source("cases.view_work")
def plan_actions_table(user, case_id: int) -> exports.Table:
    """"Acties exporteren": the actions of the current plan as the case page shows them (safety,
    help, recovery; each goal's actions in order), for a case the acting organisation may see
    (else the logged 404 of ``cases.view_case``). The log names the household, as the plan's print
    does."""
    case = queries.visible_case(user, case_id)
    if case is None:
        raise refusal("cases.view_case")
    page = CasePage(user, case)
    rows = []
    for _part, label, goals in page.plan_parts:
        for goal in goals:
            for action in goal.actions.all():
                rows.append([str(label), goal.text, action.text,
                             action.offer.title if action.offer else "",
                             action.owner_organisation.name if action.owner_organisation else "",
                             (action.owner.get_full_name() or action.owner.username)
                             if action.owner else "",
                             action.start_on, action.due_on, action.get_status_display()])
    plan = page.current_plan
    return exports.Table(
        title=_("Acties van %(case)s") % {"case": case.reference}, name=f"acties-{case.reference}",
        columns=[Column("part", _("Onderdeel")), Column("goal", _("Doel")),
                 Column("action", _("Actie")), Column("offer", _("Hulpaanbod")),
                 Column("organisation", _("Uitvoerder")), Column("owner", _("Medewerker")),
                 Column("start_on", _("Start"), DATE), Column("due_on", _("Uiterlijk"), DATE),
                 Column("status", _("Status"))],
        rows=rows, persons=page.person_ids,
        detail=f"casus={case.reference} " + (f"v{plan.number}" if plan else "nog geen planversie"))


def recurrences_for(user) -> list[Recurrence]:
    """New reports about a household whose case the acting organisation last held: the reference
    only (the report's content is Veilig Thuis's own record)."""
    organisation_id = subject_of(user).organisation_id
    if organisation_id is None:
        return []
    return list(Recurrence.objects.filter(signalled_to_id=organisation_id)
                .select_related("report", "previous_case").order_by("-created_at")[:50])


# --- "Onze bijdragen" ----------------------------------------------------------------------------


def own_contributions_list(user):
    """"Onze bijdragen" as its page pages through it: the acting organisation's journal entries in
    every file, newest first, with case, author and document joined."""
    return (own_contributions(user).select_related("case", "author", "document")
            .order_by("-occurred_at", "-id"))


def _contribution_rows(entries):
    for entry in entries:
        yield [entry.occurred_at, entry.case.reference, entry.get_kind_display(),
               (entry.author.get_full_name() or entry.author.username) if entry.author else "",
               entry.get_visibility_display(), entry.text,
               entry.document.original_name if entry.document_id else ""]


@exports.source("cases.view_own_contributions")
def contributions_table(user) -> exports.Table:
    """"Onze bijdragen" as a file: every entry of the page's list (all pages of
    ``own_contributions_list``), also in files the organisation no longer takes part in — what it
    wrote itself, as the page shows it. The log names the households of the cases."""
    entries = own_contributions_list(user)
    return exports.Table(
        title=_("Onze bijdragen"), name="onze-bijdragen",
        columns=[Column("occurred_at", _("Datum"), DATE), Column("case", _("Casus")),
                 Column("kind", _("Soort")), Column("author", _("Auteur")),
                 Column("visibility", _("Zichtbaar voor")), Column("text", _("Wat")),
                 Column("document", _("Document"))],
        rows=_contribution_rows(entries.iterator(chunk_size=500)), count=entries.count(),
        persons=_household_persons(set(entries.values_list("case__household_id", flat=True))))


def contributions_page(user, page_number, per_page: int = JOURNAL_PAGE_SIZE):
    """What the acting organisation wrote, in every file, also those it no longer takes part in.
    One query for the page (case, author and document joined) and one for which of those cases it
    may still open, so a row links to the case only where the link works."""
    page = Paginator(own_contributions_list(user), per_page).get_page(page_number)
    page.object_list = list(page.object_list)
    case_ids = {e.case_id for e in page.object_list}
    open_ids = set(visible_cases(user).filter(pk__in=case_ids).values_list("pk", flat=True))
    for entry in page.object_list:
        entry.case_visible = entry.case_id in open_ids
    return page


# --- Printing the plan ---------------------------------------------------------------------------


def plan_version_for_print(page: CasePage, number: str | None) -> PlanVersion | None:
    """The current version, or the one asked for by number (e.g. the version the family agreed)."""
    if number:
        return next((v for v in page.plan_versions if str(v.number) == str(number)), None)
    return page.current_plan


def goals_of(page: CasePage, version: PlanVersion | None) -> list:
    """The goals (with their actions) of the version to print: the page's current plan already has
    them; an earlier version costs two queries."""
    if version is None:
        return []
    if version is page.current_plan:
        return page.goals
    return list(version.goals.prefetch_related(Prefetch(
        "actions", queryset=PlanAction.objects.select_related("owner_organisation", "owner"))))
