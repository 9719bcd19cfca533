"""The permission matrix: every role, against every screen and endpoint that shows a household's file,
for every relation an organisation can have to that file.

The combinations are generated:

(a) every role in ``ROLE_SPECS``, at an organisation type it is allowed at (``HOME_TYPE``);
(b) every view in ``VIEWS`` — household, person, case (and its journal) and report, each as a screen and through the
    API (a route that is missing fails with its name, it is never skipped) — and, through the API, the
    Veiligheidsteam's work for the household: its referral, the conferences it is on, its agenda
    item (coming and held) and minutes, its measures, the week's triage, the team's work queues,
    feedback to an organisation and what an organisation brought into conferences;
    and every screen and endpoint of the Spoedplein (``ACUTE_VIEWS``, issue 10), against a world of
    its own: a presentation is the hospital's record, not a household's file, so its relations are
    the hospital's own, another hospital's, Veilig Thuis consulted on it or reported to, and the
    forensic report shared with the user's organisation without or with its photographs
    (``matrix_support.acute_relations``; rules ``ACUTE_READS``);
    and every screen and read endpoint of the Expertisecentrum and the help catalogue
    (``EXPERTISE_VIEWS``, issue 11), in a world without any household: its relations are the user's
    own enrolment and offer or someone else's (``matrix_support.expertise_relations``; rules
    ``EXPERTISE_READS``). The household views above prove the other half of issue 11's "done when":
    the Expertisecentrum's staff (``expertise_staff``, no client data) are refused every household,
    person, case, journal, report and Spoedplein view and endpoint, in every relation;
    and the progress of the dashboards' PDF report (``REPORT_VIEWS``, issue 12), as a screen and
    through the API, in a world without any household: its relations are the user's own report or
    another analyst's (``ReportRelation``; rule ``report_expected``);
    and one notification through the API (issue 14), in a world without any household: the
    user's own for the membership they act for, their own for another membership, or a colleague's
    (``NoticeRelation``; rule ``notice_expected``);
    and the log administrator's chain check (screen and API) and the functional administrator's
    API tokens of service accounts (``ADMIN_VIEWS``, issue 14), once per role;
(c) every relation in ``Relation`` — taking part, having taken part, no part at all, having
    reported, breaking the glass (roles that may), and Veilig Thuis holding the report.

For each combination the expected outcome comes from the rule tables below (``expected``; for the
Veiligheidsteam ``SAFETY_TEAM_READS``), written to be read by someone who knows the work rather than
the code: allowed is a 200, anything else a 404
(never a 403: a refusal must not reveal that the file exists). And the access log must say so: an
allowed look is a success entry with the user, organisation, role, persons and — for break the glass —
the emergency flag and reason; a refusal is a not-found or denied entry by that user. Where the code
falls short of these rules and the fix belongs to someone else, ``KNOWN_GAPS`` says so, precisely
enough that the gap must still be there (a fixed gap fails until its entry is removed).

One test per role and relation; its views are checked in a loop and every failing view is named.
The number of combinations checked is printed at the end of the module.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

import matrix_support
import pytest
from django.urls import Resolver404, resolve
from django.utils import timezone
from matrix_support import (
    AcuteRelation,
    AcuteWorld,
    ExpertiseRelation,
    ExpertiseWorld,
    acute_relations,
    build_acute_world,
    build_expertise_world,
    expertise_relations,
)

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.cases.models import Participation
from eendak.conferences.models import (
    AgendaItem,
    Conference,
    Contribution,
    Invitation,
    Notice,
    Referral,
    TeamPartner,
)
from eendak.conferences.workflow import ConferenceStatus, InvitationKind, ReferralStatus
from eendak.core.actors import Actor
from eendak.core.models import Organisation
from eendak.core.roles import ROLE_SPECS, Capability, Role, role_allowed_at
from eendak.core.roles import OrganisationType as T
from eendak.intake.models import Report, Reporter, ReportPerson
from eendak.privacy import services as privacy
from eendak.testing import factories as f
from eendak.testing.clients import verified_client

pytestmark = pytest.mark.django_db

PASSWORD = "Correct-Paard-Batterij-7"  # what UserFactory sets


# --- (a) The roles, each at an organisation type it may be held at ---------------------------------

# Where the people of each role usually work. A role added later and not named here is placed at the
# first allowed type in PREFERRED_TYPES, so it is still checked.
HOME_TYPE = {
    Role.VT_INTAKE: T.VEILIG_THUIS,
    Role.VT_INVESTIGATOR: T.VEILIG_THUIS,
    Role.VT_MONITOR: T.VEILIG_THUIS,
    Role.VT_DOCTOR: T.VEILIG_THUIS,
    Role.LOCAL_TEAM_WORKER: T.LOCAL_TEAM,
    Role.CASE_COORDINATOR: T.LOCAL_TEAM,
    Role.SAFETY_TEAM_MEMBER: T.SAFETY_HOUSE,
    Role.PARTNER_LIAISON: T.POLICE,
    Role.HOSPITAL_CLINICIAN: T.HOSPITAL,
    Role.FORENSIC_DOCTOR: T.HOSPITAL,
    Role.EXPERTISE_STAFF: T.EXPERTISE_CENTRE,
    Role.LOG_ADMIN: T.VEILIG_THUIS,
    Role.PRIVACY_OFFICER: T.VEILIG_THUIS,
    Role.ANALYST: T.OTHER,
    Role.FUNCTIONAL_ADMIN: T.VEILIG_THUIS,
}
PREFERRED_TYPES = [T.VEILIG_THUIS, T.LOCAL_TEAM, T.SAFETY_HOUSE, T.POLICE, T.HOSPITAL, *T]


def home_type(role: str) -> str:
    if role in HOME_TYPE:
        return HOME_TYPE[role]
    return next(t for t in PREFERRED_TYPES if role_allowed_at(role, t))


def has(role: str, capability: str) -> bool:
    return capability in ROLE_SPECS[role].capabilities


# --- (c) How an organisation can relate to a household's file --------------------------------------


class Relation(StrEnum):
    PARTICIPANT = "participant"              # takes part in the household's case now
    FORMER_PARTICIPANT = "former"            # took part; its participation has ended
    OTHER_ORGANISATION = "other_org"         # has nothing to do with the household
    REPORTER = "reporter"                    # reported the family to Veilig Thuis (e.g. a school)
    BREAK_THE_GLASS = "break_glass"          # no part, but an active emergency-access grant
    REPORT_HOLDER = "report_holder"          # the Veilig Thuis that received the report, no part


def relations_for(role: str) -> list[Relation]:
    """Break the glass only for roles that may; holding a report only for Veilig Thuis."""
    relations = [Relation.PARTICIPANT, Relation.FORMER_PARTICIPANT, Relation.OTHER_ORGANISATION,
                 Relation.REPORTER]
    if has(role, Capability.BREAK_GLASS):
        relations.append(Relation.BREAK_THE_GLASS)
    if home_type(role) == T.VEILIG_THUIS:
        relations.append(Relation.REPORT_HOLDER)
    return relations


# --- The rules --------------------------------------------------------------------------------------

# The household's file (household, persons, case): who sees it, for a role that works with client
# data. Roles without client data (log administrator, privacy officer, analyst, functional
# administrator) see no file at all, whatever their organisation's relation to it.
SEES_THE_FILE = {
    Relation.PARTICIPANT: True,           # need to know: taking part is what opens the file
    Relation.FORMER_PARTICIPANT: False,   # ... and access ends with the participation
    Relation.OTHER_ORGANISATION: False,   # deny by default
    Relation.REPORTER: False,             # reporting gives no access to what happens next
    Relation.BREAK_THE_GLASS: True,       # time-limited, with a reason, logged as emergency
    Relation.REPORT_HOLDER: True,         # Veilig Thuis keeps the file of its report (its statutory task)
}

# The report (melding) is Veilig Thuis's own record: only the Veilig Thuis that received it sees it.
# Taking part in the case, or breaking the glass, does not open the report.
SEES_THE_REPORT = {relation: relation == Relation.REPORT_HOLDER for relation in Relation}


# The Veiligheidsteam (shared/domain.md, "The Veiligheidsteam (MDA++)"). Its fixed professionals,
# invited for every household on a conference's agenda: police, OM, Raad voor de Kinderbescherming,
# Reclassering, Jeugdbescherming and Veilig Thuis (the region's own: the user's Veilig Thuis here),
# besides Gezinsmanagement and Toegang Tilburg, which are no role's home here. Police, OM,
# Reclassering and Veilig Thuis decide with the team at the weekly triage.
FIXED_MEMBERS = {T.POLICE, T.PROSECUTION, T.CHILD_PROTECTION_BOARD, T.PROBATION,
                 T.YOUTH_PROTECTION, T.VEILIG_THUIS}
AT_TRIAGE = {T.POLICE, T.PROSECUTION, T.PROBATION, T.VEILIG_THUIS}


@dataclass(frozen=True)
class ReadRule:
    words: str
    decide: Callable[[str, Relation], bool]   # (role, relation), for a role with client data


def in_team(role: str) -> bool:
    """Works in the Veiligheidsteam: at the Zorg- en Veiligheidshuis."""
    return home_type(role) == T.SAFETY_HOUSE


def _invited_for_the_household(role: str, relation: Relation) -> bool:
    """The fixed members always; the user's organisation as a consulting partner while it takes part
    in the case (``build_file``)."""
    return home_type(role) in FIXED_MEMBERS or relation == Relation.PARTICIPANT


# What ``build_file`` makes of the household's part in the team's work, around the user's organisation:
# the family referred — put forward by the user's organisation where it takes part, by Veilig Thuis
# otherwise — and accepted (no longer waiting for the triage); on the agenda of a coming conference
# and of one held last week; feedback to the user's organisation; a contribution it brought in.
SAFETY_TEAM_READS = {
    "referral": ReadRule(
        "the Veiligheidsteam, Veilig Thuis (it decides on every referral) and the organisation that "
        "put the family forward (here: the user's, where it takes part); the triage partners only "
        "while the family waits for the triage (here it was accepted)",
        lambda role, relation: (in_team(role) or home_type(role) == T.VEILIG_THUIS
                                or relation == Relation.PARTICIPANT)),
    "conference": ReadRule(
        "the Veiligheidsteam and the organisations invited for a household on its agenda: the fixed "
        "members, and a consulting partner (here: the user's organisation while it takes part) "
        "until the conference is held",
        lambda role, relation: in_team(role) or _invited_for_the_household(role, relation)),
    "item": ReadRule(
        "the Veiligheidsteam and the organisations invited for this household on a coming "
        "conference (a consulting partner included)",
        lambda role, relation: in_team(role) or _invited_for_the_household(role, relation)),
    "minutes": ReadRule(
        "whoever may read the household on the agenda (as 'item'); every print is an export",
        lambda role, relation: in_team(role) or _invited_for_the_household(role, relation)),
    "held item": ReadRule(
        "the Veiligheidsteam and the fixed members; a consulting partner no longer once the "
        "conference was held",
        lambda role, relation: in_team(role) or home_type(role) in FIXED_MEMBERS),
    "measures": ReadRule(
        "whoever may see the case (as 'case': taking part, holding the report, breaking the glass)",
        lambda role, relation: SEES_THE_FILE[relation]),
    "triage": ReadRule(
        "the Veiligheidsteam and the triage partners (police, OM, Reclassering, Veilig Thuis)",
        lambda role, relation: in_team(role) or home_type(role) in AT_TRIAGE),
    "work": ReadRule("the Veiligheidsteam: its work queues", lambda role, relation: in_team(role)),
    "notices": ReadRule(
        "every client-data role: the feedback the team's work owes its organisation",
        lambda role, relation: True),
    "own contributions": ReadRule(
        "every client-data role: what its organisation brought into conferences, also afterwards",
        lambda role, relation: True),
}


def expected(role: str, relation: Relation, view: "View") -> bool:
    """True when this role, with this relation to the file, may open this view."""
    if not has(role, Capability.CLIENT_DATA):
        return False
    if view.part in SAFETY_TEAM_READS:
        return SAFETY_TEAM_READS[view.part].decide(role, relation)
    rules = SEES_THE_REPORT if view.part == "report" else SEES_THE_FILE
    return rules[relation]


# --- (b) The views that show a household's file ---------------------------------------------------


@dataclass(frozen=True)
class View:
    part: str        # household, person, case, journal, report; or a key of SAFETY_TEAM_READS
    channel: str     # ui or api
    route: str       # the path, with {household}, {person}, {case}, {report}, ... (``File.ids``)
    event: str       # the access-log event of a look at it
    object_type: str  # "" for a list: its entry names no object
    glass: bool = True  # breaking the glass opens it, and a look through the glass is an emergency
    shows_persons: bool = True  # the household's persons (False: a list this file is not on)

    @property
    def key(self) -> str:
        return f"{self.part} {self.channel}"

    @property
    def name(self) -> str:
        return f"{self.part} {self.channel.upper()} {self.route}"

    def path(self, file: "File") -> str:
        return self.route.format(**file.ids())

    def object_id(self, file: "File") -> str:
        if not self.object_type:
            return ""
        return str({"household": file.household, "person": file.person, "case": file.case,
                    "journal": file.case, "impact": file.case, "report": file.report,
                    "measures": file.case,
                    "referral": file.referral, "conference": file.conference, "item": file.item,
                    "minutes": file.item, "held item": file.held_item}[self.part].pk)


VIEWS = [
    View("household", "ui", "/personen/dossiers/{household}/", "household.read", "persons.household"),
    View("household", "api", "/api/v1/households/{household}/", "household.read", "persons.household"),
    View("person", "ui", "/personen/{person}/", "person.read", "persons.person"),
    View("person", "api", "/api/v1/persons/{person}/", "person.read", "persons.person"),
    View("case", "ui", "/casussen/{case}/", "case.read", "cases.case"),
    View("case", "api", "/api/v1/cases/{case}/", "case.read", "cases.case"),
    View("journal", "ui", "/casussen/{case}/journaal/", "case.journal_read", "cases.case"),
    View("journal", "api", "/api/v1/cases/{case}/journal/", "case.journal_read", "cases.case"),
    View("impact", "api", "/api/v1/cases/{case}/impact-measurements/", "case.impact_read",
         "cases.case"),
    View("report", "ui", "/intake/meldingen/{report}/", "report.read", "intake.report"),
    View("report", "api", "/api/v1/reports/{report}/", "report.read", "intake.report"),
    # The Veiligheidsteam's work for the household (its API; a break-the-glass grant opens only
    # the measures, which follow the case).
    View("referral", "api", "/api/v1/referrals/{referral}/", "conferences.referral_read",
         "conferences.referral", glass=False),
    View("conference", "api", "/api/v1/conferences/{conference}/", "conferences.conference_read",
         "conferences.conference", glass=False),
    View("item", "api", "/api/v1/agenda-items/{item}/", "conferences.item_read",
         "conferences.agendaitem", glass=False),
    View("minutes", "api", "/api/v1/agenda-items/{item}/minutes/", "conferences.minutes_printed",
         "conferences.agendaitem", glass=False),
    View("held item", "api", "/api/v1/agenda-items/{held_item}/", "conferences.item_read",
         "conferences.agendaitem", glass=False),
    View("measures", "api", "/api/v1/measures/?case={case}", "conferences.measures_read",
         "cases.case"),
    View("triage", "api", "/api/v1/triage/?week={triage_on}", "conferences.triage_list", "",
         glass=False, shows_persons=False),
    View("work", "api", "/api/v1/safety-team-work/", "conferences.work", "", glass=False),
    View("notices", "api", "/api/v1/notices/", "conferences.notices_read", "", glass=False),
    View("own contributions", "api", "/api/v1/own-conference-contributions/",
         "conferences.own_contributions", "", glass=False),
]


# The declared permissions whose refusal stands for a refused look at each part (roles without client
# data meet the API's gate, cases.view_work; a report is guarded by intake.view_report).
REFUSAL_PERMISSIONS = {
    "case": ("cases.view_work", "cases.view_case"),
    "journal": ("cases.view_work", "cases.view_journal"),
    "impact": ("cases.view_work", "cases.view_impact"),
    "report": ("intake.view_report",),
    "household": ("persons.view_household",),
    "person": ("persons.view_person",),
    # The Veiligheidsteam's details ask their own permission after the API's gate (cases.view_work);
    # its lists are gated by their own.
    "referral": ("cases.view_work", "conferences.view_referral"),
    "conference": ("cases.view_work", "conferences.view_conference"),
    "item": ("cases.view_work", "conferences.view_item"),
    "held item": ("cases.view_work", "conferences.view_item"),
    "minutes": ("cases.view_work", "conferences.print_minutes"),
    "measures": ("cases.view_work", "conferences.view_measures"),
    "triage": ("conferences.view_triage",),
    "work": ("conferences.view_work",),
    "notices": ("conferences.view_notices",),
    "own contributions": ("conferences.view_own_contributions",),
}


def is_veilig_thuis_worker(role: str) -> bool:
    return home_type(role) == T.VEILIG_THUIS and has(role, Capability.CLIENT_DATA)


# --- Known gaps ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownGap:
    """A place where the code does not (yet) follow the rules above, reported to its owner.

    The matrix expects the gap exactly where it is described: a gap that has been fixed fails the
    run too, so the entry is removed together with the fix and the rule is enforced again.
    """

    views: tuple[str, ...]   # View.key values
    check: str               # which check of ``check_log`` falls short
    applies: Callable[[str, Relation], bool]
    why: str


# Gaps found by this matrix and fixed since (journal API under break the glass, unlogged case-API
# refusals; the Spoedplein API's photograph naming every person of the presentation in its entry).
# A new gap goes here, precisely enough that fixing it fails the test until it is removed.
KNOWN_GAPS: list["KnownGap"] = []


def known_gap(view: "View", check: str, role: str, relation: Relation) -> KnownGap | None:
    for gap in KNOWN_GAPS:
        if view.key in gap.views and gap.check == check and gap.applies(role, relation):
            return gap
    return None


# --- Building one household's file around the user's organisation -------------------------------------


@dataclass
class File:
    household: object
    person: object
    persons: list
    case: object
    report: object
    referral: object
    conference: object
    item: object
    held_item: object

    def ids(self) -> dict:
        return {"household": self.household.pk, "person": self.person.pk, "case": self.case.pk,
                "report": self.report.pk, "referral": self.referral.pk,
                "conference": self.conference.pk, "item": self.item.pk,
                "held_item": self.held_item.pk, "triage_on": self.referral.triage_on.isoformat()}


@pytest.fixture
def parties(region):
    """The file's own parties, never the user's organisation: the Veilig Thuis of another region that
    received the report (the family moved here), and the local team running the case."""
    holder = Organisation.objects.create(name="Veilig Thuis West-Brabant (matrix)", type=T.VEILIG_THUIS)
    team = Organisation.objects.get(name="Lokaal team Tilburg")
    return holder, team


def organisation_of_type(org_type: str, exclude: tuple) -> Organisation:
    f.reference_data()
    org = (Organisation.objects.filter(type=org_type, is_active=True)
           .exclude(pk__in=[o.pk for o in exclude]).order_by("name").first())
    if org is None:  # no reference organisation of this type: make one
        org = Organisation.objects.create(name=f"Matrix {org_type}", type=org_type)
    return org


def build_file(relation: Relation, membership, parties) -> File:
    holder, team = parties
    user_org = membership.organisation
    if relation == Relation.REPORT_HOLDER:
        holder = user_org
    household = f.HouseholdFactory()
    persons = [f.person_in(household, "parent", bsn=f.test_bsn()), f.person_in(household, "partner"),
               f.person_in(household, "child")]
    # The local team runs the case; the Veilig Thuis that holds the report takes part, except where
    # the point is that it holds the report without taking part.
    takes_part = [team] if relation == Relation.REPORT_HOLDER else [team, holder]
    case = f.case_for(household, *takes_part, responsible=team)
    now = timezone.now()
    if relation == Relation.PARTICIPANT:
        Participation.objects.create(case=case, organisation=user_org, task="Hulpverlening")
    elif relation == Relation.FORMER_PARTICIPANT:
        Participation.objects.create(case=case, organisation=user_org, task="Hulpverlening",
                                     started_at=now - timedelta(days=60),
                                     ended_at=now - timedelta(days=1))
    report = Report.objects.create(
        reference=f"M-MX-{household.pk}", channel="phone", organisation=holder, household=household,
        municipality=household.municipality, violence_types=["kindermishandeling"],
        account="Een leerling vertelt over geweld thuis.", received_at=now,
        assessment_due_at=now + timedelta(days=5), is_synthetic=True)
    reporter_org = user_org.name if relation == Relation.REPORTER else "Basisschool De Regenboog"
    Reporter.objects.create(report=report, is_professional=True, name="Mw. J. de Leerkracht",
                            organisation_name=reporter_org)
    for person, role in zip(persons, ["victim", "suspect", "child"], strict=True):
        ReportPerson.objects.create(report=report, person=person, role=role)
    if relation == Relation.BREAK_THE_GLASS:
        membership.user.acting_membership = membership
        privacy.grant_emergency_access(
            Actor(user=membership.user, membership=membership, ip_address="127.0.0.1"),
            membership.user, household, password=PASSWORD,
            reason="Kind op de spoedeisende hulp met letsel; eerdere meldingen nodig voor de zorg.")
    return File(household=household, person=persons[0], persons=persons, case=case, report=report,
                **_safety_team_work(relation, membership, case, holder))


def _safety_team_work(relation: Relation, membership, case, holder) -> dict:
    """The household's part in the Veiligheidsteam's work, around the user's organisation (see
    ``SAFETY_TEAM_READS``): the team takes part (the user's own relation decides that where the user
    is the team); the referral, put forward by the user's organisation where it takes part and by
    Veilig Thuis otherwise, accepted; a coming conference and one held last week with the household
    on their agendas, the fixed members invited, GGz Breburg as a consulting partner and the user's
    organisation as one while it takes part; feedback to the user's organisation, and a
    contribution it brought into last week's conference."""
    now, today = timezone.now(), timezone.localdate()
    user_org = membership.organisation
    team_org = Organisation.objects.get(type=T.SAFETY_HOUSE)
    member = f.membership(Role.SAFETY_TEAM_MEMBER, team_org)
    if user_org != team_org:
        Participation.objects.create(case=case, organisation=team_org, task="Veiligheidsteam")
    referral = Referral.objects.create(
        reference=f"VT-A-MX-{case.pk}", case=case, status=ReferralStatus.ACCEPTED,
        requesting_organisation=user_org if relation == Relation.PARTICIPANT else holder,
        requested_by=member.user, reason="Hoog risico.", goal="Escalatie stoppen.",
        referred_at=now - timedelta(days=14), triage_on=today - timedelta(days=10),
        coordinator=member.user, accepted_on=today - timedelta(days=10), is_synthetic=True)
    fixed = list(TeamPartner.objects.filter(kind=InvitationKind.FIXED)
                 .values_list("organisation_id", flat=True))
    consulting = [Organisation.objects.get(name="GGz Breburg").pk]
    if relation == Relation.PARTICIPANT and user_org.pk not in fixed and user_org != team_org:
        consulting.append(user_org.pk)
    items = []
    for number, (starts_at, status) in enumerate([(now + timedelta(days=2), ConferenceStatus.PLANNED),
                                                  (now - timedelta(days=7), ConferenceStatus.HELD)]):
        conference = Conference.objects.create(
            reference=f"CO-MX-{case.pk}-{number}", starts_at=starts_at, place="ZVH",
            chair=member.user, created_by=member.user, status=status, is_synthetic=True)
        item = AgendaItem.objects.create(conference=conference, referral=referral)
        Invitation.objects.bulk_create(
            [Invitation(item=item, organisation_id=pk, kind=InvitationKind.FIXED) for pk in fixed]
            + [Invitation(item=item, organisation_id=pk, kind=InvitationKind.CONSULTING)
               for pk in consulting])
        items.append(item)
    Notice.objects.create(referral=referral, to_organisation=user_org,
                          text="De triage van het Veiligheidsteam heeft het gezin geaccepteerd.")
    Contribution.objects.create(item=items[1], organisation=user_org, author=membership.user,
                                text="Inbreng vorige week.", legal_basis="statutory_task")
    return {"referral": referral, "conference": items[0].conference, "item": items[0],
            "held_item": items[1]}


# --- Checking one combination ----------------------------------------------------------------------


CHECKED = {"combinations": 0, "allowed": 0, "refused": 0, "known gaps": 0}


@pytest.fixture(scope="session", autouse=True)
def _print_count(request):
    """Session scope: the count is printed once, when the run ends (once per xdist worker), followed
    by the grand total of reads and changes when the change matrix ran too (``matrix_support``)."""
    matrix_support.started("reads")
    yield
    line = (f"permission matrix: {CHECKED['combinations']} combinations checked "
            f"({CHECKED['allowed']} allowed, {CHECKED['refused']} refused; "
            f"{CHECKED['known gaps']} with a known gap) — "
            f"{len(ROLE_SPECS)} roles x {len(VIEWS)} views x up to {len(Relation)} relations, and "
            f"{len(ACUTE_VIEWS)} acute views x up to {len(acute_relations(T.VEILIG_THUIS))} "
            f"relations to a presentation, and {len(EXPERTISE_VIEWS)} Expertisecentrum and "
            f"help-catalogue views x {len(expertise_relations(T.EXPERTISE_CENTRE))} relations, "
            f"and {len(REPORT_VIEWS)} views of the dashboards' report x {len(ReportRelation)} "
            f"relations, and {len(RETENTION_VIEWS)} retention views x {len(RetentionRelation)} "
            f"relations, and {len(NOTICE_VIEWS)} notification views x {len(NoticeRelation)} "
            f"relations")
    matrix_support.finished(request, "reads", CHECKED["combinations"], line)


# What ``check_log`` checks: of a look that is allowed, and of one that is refused.
ALLOWED_CHECKS = {"success entry", "username", "organisation", "role", "object", "persons",
                  "emergency", "reason given"}
REFUSED_CHECKS = {"no success", "refusal entry"}


def check_log(view: View, file: File, membership, relation: Relation, allowed: bool,
              since: int) -> list[tuple[str, str]]:
    """What is wrong with the access-log entries this one request wrote, as (check, message) pairs."""
    # A refusal is logged either by the lookup that found nothing for this organisation (the view's
    # own event, not_found) or by the one refusal path under the declared permission that said no.
    events = {view.event, *REFUSAL_PERMISSIONS.get(view.part, ())}
    entries = list(AccessLogEntry.objects.filter(pk__gt=since, event__in=events)
                   .prefetch_related("subjects"))
    if allowed:
        shown = [e for e in entries if e.outcome == Outcome.SUCCESS and e.event == view.event]
        if not shown:
            return [("success entry", f"no success entry '{view.event}' "
                                      f"(got {[e.outcome for e in entries]})")]
        entry = shown[0]
        persons = ({file.person.pk} if view.part == "person" else
                   {p.pk for p in file.persons} if view.shows_persons else set())
        emergency = view.glass and relation == Relation.BREAK_THE_GLASS
        return [(check, f"log {check}: {got!r}, expected {want!r}") for check, got, want in [
            ("username", entry.username, membership.user.username),
            ("organisation", entry.organisation_id, membership.organisation_id),
            ("role", entry.role, membership.role),
            ("object", (entry.object_type, entry.object_id), (view.object_type, view.object_id(file))),
            ("persons", set(entry.person_ids), persons),
            ("emergency", entry.emergency, emergency),
            ("reason given", bool(entry.reason), emergency),
        ] if got != want]
    problems = [("no success", f"a success entry '{view.event}' for a refused request")
                for e in entries if e.outcome == Outcome.SUCCESS]
    refused = [e for e in entries if e.outcome in (Outcome.NOT_FOUND, Outcome.DENIED)
               and e.username == membership.user.username
               and e.organisation_id == membership.organisation_id and e.role == membership.role]
    if not refused:
        return [*problems, ("refusal entry", f"no not_found/denied entry '{view.event}' for the "
                                             f"refusal")]
    if refused[0].outcome == Outcome.NOT_FOUND and refused[0].object_id != view.object_id(file):
        problems.append(("refusal entry", f"not_found entry names object {refused[0].object_id!r}"))
    return problems


class _Ones(dict):
    def __missing__(self, key):
        return 1


# --- The acute pathway (issue 10): the Spoedplein's screens and endpoints ----------------------------
#
# A presentation is the hospital's record, not a household's file: its relations are its own
# (``matrix_support.AcuteRelation``: the hospital's own, another hospital's, Veilig Thuis consulted on
# it or reported to, the forensic report shared with the user's organisation without or with its
# photographs), and so is its world (``matrix_support.build_acute_world``: a toddler recorded,
# examined, photographed, sent to Veilig Thuis and shared with another police unit; an adult waiting
# for the forensic doctor). Every screen and endpoint that shows any of it, for every role in every
# relation that applies: allowed is a 200 with one success entry naming what it showed, refused the
# logged 404 (never a 403).

SENT = {AcuteRelation.VT_CONSULTED, AcuteRelation.VT_REPORTED}
SHARED = {AcuteRelation.SHARED_REPORT, AcuteRelation.SHARED_PHOTOS}


def at_hospital(role: str) -> bool:
    return home_type(role) == T.HOSPITAL


# What each part shows, and to whom (for a role with client data; the figures also to the analyst).
ACUTE_READS = {
    "work": ReadRule(
        "hospital staff: the Spoedplein's own presentations; Veilig Thuis: those sent to it (the "
        "list itself, whatever it holds)",
        lambda role, relation: at_hospital(role) or home_type(role) == T.VEILIG_THUIS),
    "presentations": ReadRule(
        "as the work list (the same rule in the API): hospital staff, Veilig Thuis; the list holds "
        "only what it may see",
        lambda role, relation: at_hospital(role) or home_type(role) == T.VEILIG_THUIS),
    "register": ReadRule(
        "hospital staff: the form that finds or records a patient",
        lambda role, relation: at_hospital(role)),
    "presentation": ReadRule(
        "the hospital's staff, on its own presentation; Veilig Thuis consulted on it or reported "
        "to; never another hospital, never the police (not even with the forensic report shared)",
        lambda role, relation: relation == AcuteRelation.OWN_HOSPITAL or relation in SENT),
    "forensic report": ReadRule(
        "the hospital's staff; Veilig Thuis consulted or reported to (carried with the report); an "
        "organisation it was shared with on a recorded basis; every print is an export",
        lambda role, relation: relation == AcuteRelation.OWN_HOSPITAL or relation in SENT | SHARED),
    "photo": ReadRule(
        "the hospital's staff; an organisation the photographs were shared with on a recorded "
        "basis; never Veilig Thuis for being sent the report, nor one sent the report alone",
        lambda role, relation: relation in (AcuteRelation.OWN_HOSPITAL, AcuteRelation.SHARED_PHOTOS)),
    "forensic queue": ReadRule(
        "a forensic doctor at a hospital: the examinations asked of its own hospital (another "
        "hospital's doctor sees its own queue, without this one's patients)",
        lambda role, relation: role == Role.FORENSIC_DOCTOR and at_hospital(role)),
    "forensic report form": ReadRule(
        "a forensic doctor of the hospital the examination was asked of",
        lambda role, relation: role == Role.FORENSIC_DOCTOR
        and relation == AcuteRelation.OWN_HOSPITAL),
    "shared": ReadRule(
        "a role with client data outside a hospital: the forensic reports shared with its "
        "organisation (the list itself, whatever it holds)",
        lambda role, relation: not at_hospital(role)),
    "figures": ReadRule(
        "the analyst (the region's, pseudonymised) and hospital staff with client data (its own "
        "hospital's): counts only, no person, so no read to log",
        lambda role, relation: at_hospital(role)),
}


def acute_expected(role: str, relation: AcuteRelation, view: "AcuteView") -> bool:
    if view.part == "figures" and has(role, Capability.STATISTICS):
        return True
    if not has(role, Capability.CLIENT_DATA):
        return False
    return ACUTE_READS[view.part].decide(role, relation)


def _listed(world: AcuteWorld) -> set:
    """The patients a presentation list shows the user: the hospital's own two; Veilig Thuis the
    toddler it was sent; nobody else anything."""
    if world.relation == AcuteRelation.OWN_HOSPITAL:
        return {world.presentation.patient_id, world.waiting.patient_id}
    return {world.presentation.patient_id} if world.relation in SENT else set()


def _toddler_and_companion(world: AcuteWorld) -> set:
    return {world.presentation.patient_id,
            *world.presentation.named_persons.values_list("person_id", flat=True)}


# The persons the success entry of an allowed look names (None: no entry, the part shows no person).
ACUTE_SHOWN = {
    "work": _listed,
    "presentations": _listed,
    "register": None,  # the empty form; the search it runs is logged by find_patient
    "presentation": _toddler_and_companion,
    "forensic report": lambda world: {world.presentation.patient_id},
    "photo": lambda world: {world.presentation.patient_id},
    "forensic queue": lambda world: ({world.waiting.patient_id}
                                     if world.relation == AcuteRelation.OWN_HOSPITAL else set()),
    "forensic report form": lambda world: {world.waiting.patient_id},
    "shared": lambda world: {world.presentation.patient_id} if world.relation in SHARED else set(),
    "figures": None,
}


@dataclass(frozen=True)
class AcuteView:
    part: str           # a key of ACUTE_READS
    channel: str        # ui or api
    route: str          # with {presentation}, {photo}, {examination} (``acute_ids``)
    event: str          # the access-log event of a look at it
    permission: str     # the declared permission whose refusal stands for a refused look
    object_type: str = ""  # "" for a list (its entry names no object)

    @property
    def key(self) -> str:
        return f"{self.part} {self.channel}"

    @property
    def name(self) -> str:
        return f"{self.part} {self.channel.upper()} {self.route}"

    def refusal_events(self) -> set:
        # The API's gate (cases.view_work: a role with client data) may refuse before the endpoint.
        return {self.event, self.permission} | ({"cases.view_work"} if self.channel == "api" else set())

    def object_id(self, world: AcuteWorld) -> str:
        if not self.object_type:
            return ""
        if self.part == "photo":
            return str(world.photo.pk)
        if self.part == "forensic report form":
            return str(world.waiting.pk)
        return str(world.presentation.pk)


def acute_ids(world: AcuteWorld) -> dict:
    return {"presentation": world.presentation.pk, "photo": world.photo.pk,
            "examination": world.waiting_examination.pk}


SP = "/spoedplein"
ACUTE_VIEWS = [
    AcuteView("work", "ui", SP + "/", "acute.work", "acute.view_work"),
    AcuteView("presentations", "api", "/api/v1/presentations/", "acute.work", "acute.view_work"),
    AcuteView("register", "ui", SP + "/nieuw/", "", "acute.register_presentation"),
    AcuteView("presentation", "ui", SP + "/{presentation}/", "acute.presentation_read",
              "acute.view_presentation", "acute.presentation"),
    AcuteView("presentation", "api", "/api/v1/presentations/{presentation}/",
              "acute.presentation_read", "acute.view_presentation", "acute.presentation"),
    AcuteView("forensic report", "ui", SP + "/{presentation}/forensisch-rapport.pdf",
              "acute.forensic_report_printed", "acute.view_forensic_report", "acute.presentation"),
    AcuteView("forensic report", "api", "/api/v1/presentations/{presentation}/forensic-report/",
              "acute.forensic_report_printed", "acute.view_forensic_report", "acute.presentation"),
    AcuteView("photo", "ui", SP + "/fotos/{photo}/", "acute.photo_read", "acute.view_photos",
              "acute.photo"),
    AcuteView("photo", "api", "/api/v1/acute-photos/{photo}/", "acute.photo_read",
              "acute.view_photos", "acute.photo"),
    AcuteView("forensic queue", "ui", SP + "/forensisch/", "acute.forensic_queue",
              "acute.view_forensic_queue"),
    AcuteView("forensic queue", "api", "/api/v1/forensic-examinations/", "acute.forensic_queue",
              "acute.view_forensic_queue"),
    AcuteView("forensic report form", "ui", SP + "/forensisch/{examination}/",
              "acute.presentation_read", "acute.report_forensic", "acute.presentation"),
    AcuteView("shared", "ui", SP + "/gedeeld/", "acute.shared_list", "acute.view_shared"),
    AcuteView("shared", "api", "/api/v1/shared-forensic-reports/", "acute.shared_list",
              "acute.view_shared"),
    AcuteView("figures", "ui", SP + "/cijfers/", "", "acute.view_figures"),
    AcuteView("figures", "api", "/api/v1/acute-figures/", "", "acute.view_figures"),
]


def check_acute_log(view: AcuteView, world: AcuteWorld, allowed: bool,
                    since: int) -> list[tuple[str, str]]:
    """What is wrong with the access-log entries one look at the Spoedplein wrote, as (check,
    message) pairs, in the words of ``check_log``."""
    membership = world.membership
    entries = list(AccessLogEntry.objects.filter(pk__gt=since, event__in=view.refusal_events())
                   .prefetch_related("subjects"))
    if allowed:
        shown = ACUTE_SHOWN[view.part]
        if shown is None:
            return []
        seen = [e for e in entries if e.outcome == Outcome.SUCCESS and e.event == view.event]
        if len(seen) != 1:
            return [("success entry", f"{len(seen)} success entries '{view.event}', expected one "
                                      f"(got {[(e.event, e.outcome) for e in entries]})")]
        entry = seen[0]
        return [(check, f"log {check}: {got!r}, expected {want!r}") for check, got, want in [
            ("username", entry.username, membership.user.username),
            ("organisation", entry.organisation_id, membership.organisation_id),
            ("role", entry.role, membership.role),
            ("object", (entry.object_type, entry.object_id), (view.object_type, view.object_id(world))),
            ("persons", set(entry.person_ids), shown(world)),
            ("emergency", entry.emergency, False),
        ] if got != want]
    problems = [("no success", f"a success entry '{e.event}' for a refused request")
                for e in entries if e.outcome == Outcome.SUCCESS]
    refused = [e for e in entries if e.outcome in (Outcome.NOT_FOUND, Outcome.DENIED)
               and e.username == membership.user.username
               and e.organisation_id == membership.organisation_id and e.role == membership.role]
    if not refused:
        problems.append(("refusal entry", f"no not_found/denied entry "
                                          f"{sorted(view.refusal_events() - {''})} for the refusal"))
    elif any(e.person_ids for e in refused):
        problems.append(("refusal entry", "the refusal entry names persons"))
    return problems


def missing_routes() -> list[str]:
    missing = []
    for view in [*VIEWS, *ACUTE_VIEWS, *EXPERTISE_VIEWS]:
        path = view.route.format_map(_Ones()).split("?")[0]
        try:
            resolve(path)
        except Resolver404:
            missing.append(view.name)
    return missing


def test_every_view_of_the_matrix_exists():
    """A route the matrix expects that is gone (or not built yet) fails here by name, instead of
    every combination reporting a 404 that looks like a refusal."""
    assert not missing_routes(), f"Routes the permission matrix checks are missing: {missing_routes()}"


COMBINATIONS = [(role, relation) for role in ROLE_SPECS for relation in relations_for(role)]


@pytest.mark.parametrize(("role", "relation"), COMBINATIONS,
                         ids=[f"{role}@{home_type(role)}-{relation}" for role, relation in COMBINATIONS])
def test_permission_matrix(role, relation, parties):
    missing = missing_routes()
    if missing:
        pytest.fail(f"Routes the permission matrix checks are missing: {missing}")
    org = organisation_of_type(home_type(role), exclude=parties)
    assert role_allowed_at(role, org.type)
    membership = f.membership(role, org)
    file = build_file(relation, membership, parties)
    client = verified_client(membership)

    failures = []
    for view in VIEWS:
        allowed = expected(role, relation, view)
        since = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = client.get(view.path(file))
        CHECKED["combinations"] += 1
        CHECKED["allowed" if allowed else "refused"] += 1
        want = 200 if allowed else 404
        problems = []
        if response.status_code != want:
            problems.append(("status", f"HTTP {response.status_code}, expected {want}"))
        problems += check_log(view, file, membership, relation, allowed, since)
        found = {check for check, _message in problems}
        unexpected = [message for check, message in problems
                      if not known_gap(view, check, role, relation)]
        fixed = [f"known gap '{gap.check}' is gone: remove it from KNOWN_GAPS ({gap.why})"
                 for gap in KNOWN_GAPS if view.key in gap.views and gap.applies(role, relation)
                 and gap.check in (ALLOWED_CHECKS if allowed else REFUSED_CHECKS)
                 and gap.check not in found]
        if len(found) > len(unexpected):
            CHECKED["known gaps"] += 1
        if unexpected or fixed:
            verdict = "allowed" if allowed else "refused"
            failures.append(f"{role} @ {org.name} | {relation} | {view.name} (should be {verdict}): "
                            + "; ".join(unexpected + fixed))
    assert not failures, "\n".join(failures)


ACUTE_COMBINATIONS = [(role, relation) for role in ROLE_SPECS
                      for relation in acute_relations(home_type(role))]


@pytest.fixture
def acute_parties(region):
    return matrix_support.acute_parties()


@pytest.mark.parametrize(("role", "relation"), ACUTE_COMBINATIONS,
                         ids=[f"acute-{role}@{home_type(role)}-{relation}"
                              for role, relation in ACUTE_COMBINATIONS])
def test_acute_read_matrix(role, relation, acute_parties, settings, tmp_path):
    """Every screen and endpoint of the Spoedplein that shows a presentation, its photographs, its
    forensic report or a list of them, for every role in each relation to a presentation
    (``matrix_support.acute_relations``)."""
    missing = missing_routes()
    if missing:
        pytest.fail(f"Routes the permission matrix checks are missing: {missing}")
    settings.MEDIA_ROOT = tmp_path  # the world's forensic photograph
    org = organisation_of_type(home_type(role), exclude=acute_parties)
    assert role_allowed_at(role, org.type)
    membership = f.membership(role, org)
    world = build_acute_world(relation, membership, acute_parties)
    client = verified_client(membership)

    failures = []
    for view in ACUTE_VIEWS:
        allowed = acute_expected(role, relation, view)
        since = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = client.get(view.route.format(**acute_ids(world)))
        CHECKED["combinations"] += 1
        CHECKED["allowed" if allowed else "refused"] += 1
        want = 200 if allowed else 404
        problems = []
        if response.status_code != want:
            problems.append(("status", f"HTTP {response.status_code}, expected {want}"))
        problems += check_acute_log(view, world, allowed, since)
        found = {check for check, _message in problems}
        unexpected = [message for check, message in problems
                      if not known_gap(view, check, role, relation)]
        fixed = [f"known gap '{gap.check}' is gone: remove it from KNOWN_GAPS ({gap.why})"
                 for gap in KNOWN_GAPS if view.key in gap.views and gap.applies(role, relation)
                 and gap.check in (ALLOWED_CHECKS if allowed else REFUSED_CHECKS)
                 and gap.check not in found]
        if len(found) > len(unexpected):
            CHECKED["known gaps"] += 1
        if unexpected or fixed:
            verdict = "allowed" if allowed else "refused"
            failures.append(f"{role} @ {org.name} | {relation} | {view.name} (should be {verdict}: "
                            f"{ACUTE_READS[view.part].words}): " + "; ".join(unexpected + fixed))
    assert not failures, "\n".join(failures)


# --- The Expertisecentrum and the help catalogue (issue 11): their screens and read endpoints ---------
#
# Neither holds a household, a case or a person in a case (``matrix_support.build_expertise_world``);
# what they show is the centre's own records (trainees, questions, experts, dialogue meetings) and the
# catalogue's offers. The relation is to the record: the user's own enrolment and the offer of the
# user's organisation, or someone else's (``matrix_support.ExpertiseRelation``). Allowed is a 200 and,
# where the view names people, a success entry by the user under its event; refused the logged 404.


def at_centre(role: str) -> bool:
    return role == Role.EXPERTISE_STAFF


def in_local_team(role: str) -> bool:
    return role in (Role.LOCAL_TEAM_WORKER, Role.CASE_COORDINATOR) and home_type(role) == T.LOCAL_TEAM


EXPERTISE_READS = {
    "centre": ReadRule(
        "the Expertisecentrum's staff: its work, sessions with their participants, questions, "
        "experts, awareness and dialogue meetings; nobody else",
        lambda role, relation: at_centre(role)),
    "anyone": ReadRule(
        "anyone with an active role in Eendak: the trainings and sessions, the help catalogue",
        lambda role, relation: True),
    "certificate": ReadRule(
        "the participant (their own attended enrolment) or the Expertisecentrum's staff",
        lambda role, relation: relation == ExpertiseRelation.OWN or at_centre(role)),
    "own record": ReadRule(
        "a local-team worker or coordinator: their own competency record",
        lambda role, relation: in_local_team(role)),
    "team records": ReadRule(
        "the Expertisecentrum's staff, a local team's case coordinator (their own team)",
        lambda role, relation: at_centre(role) or (in_local_team(role)
                                                   and role == Role.CASE_COORDINATOR)),
    "shares": ReadRule(
        "the analyst and the Expertisecentrum's staff: shares per team and municipality, no names",
        lambda role, relation: at_centre(role) or has(role, Capability.STATISTICS)),
    "framework": ReadRule(
        "the functional administrator: the framework's maintenance screen",
        lambda role, relation: role == Role.FUNCTIONAL_ADMIN),
    "catalogue admin": ReadRule(
        "the functional administrator: providers, offers to add and change",
        lambda role, relation: role == Role.FUNCTIONAL_ADMIN),
    "offer update": ReadRule(
        "the provider's own people who do the work (client data or the Expertisecentrum's records; "
        "not its log administrator, privacy officer, analyst or municipal policy officer) or the "
        "functional administrator: the offer's update form",
        lambda role, relation: (relation == ExpertiseRelation.OWN
                                and (has(role, Capability.CLIENT_DATA)
                                     or has(role, Capability.EXPERTISE_RECORDS)))
        or role == Role.FUNCTIONAL_ADMIN),
    "demand": ReadRule(
        "the analyst, the Expertisecentrum's staff, the functional administrator: counts only",
        lambda role, relation: at_centre(role) or has(role, Capability.STATISTICS)
        or role == Role.FUNCTIONAL_ADMIN),
}


@dataclass(frozen=True)
class ExpertiseView:
    part: str        # a key of EXPERTISE_READS
    channel: str     # ui or api
    route: str       # with {session}, {attended}, {question}, ... (``expertise_ids``)
    event: str = ""  # the access-log event of an allowed look ("" = names nobody, no entry)

    @property
    def key(self) -> str:
        return f"{self.part} {self.channel} {self.route}"

    @property
    def name(self) -> str:
        return f"{self.part} {self.channel.upper()} {self.route}"


def expertise_ids(world: ExpertiseWorld) -> dict:
    return {"session": world.published.pk, "attended": world.attended.pk,
            "question": world.question.pk, "request": world.expert_request.pk,
            "event": world.event.pk, "meeting": world.meeting.pk, "offer": world.offer.pk,
            "team": world.enrolment.user.memberships.first().organisation_id
            if world.enrolment.user_id else 0}


EC, SK = "/expertisecentrum", "/sociale-kaart"
ENROLMENTS, QUESTIONS, EXPERTS = "expertise.enrolments_read", "expertise.questions_read", \
    "expertise.experts_read"
DIALOGUE, COMPETENCIES = "expertise.dialogue_read", "expertise.competencies_read"
EXPERTISE_VIEWS = [
    ExpertiseView("centre", "ui", EC + "/"),
    ExpertiseView("anyone", "ui", EC + "/aanbod/"),
    ExpertiseView("centre", "ui", EC + "/trainingen/"),
    ExpertiseView("centre", "ui", EC + "/bijeenkomsten/"),
    ExpertiseView("centre", "ui", EC + "/bijeenkomsten/{session}/", ENROLMENTS),
    ExpertiseView("centre", "ui", EC + "/evaluaties/"),
    ExpertiseView("certificate", "ui", EC + "/inschrijvingen/{attended}/certificaat.pdf",
                  "expertise.certificate_printed"),
    ExpertiseView("own record", "ui", EC + "/mijn-competenties/", COMPETENCIES),
    ExpertiseView("team records", "ui", EC + "/competenties/team/", COMPETENCIES),
    ExpertiseView("shares", "ui", EC + "/competenties/aandeel/"),
    ExpertiseView("framework", "ui", EC + "/competenties/beheer/"),
    ExpertiseView("centre", "ui", EC + "/vragen/", QUESTIONS),
    ExpertiseView("centre", "ui", EC + "/vragen/{question}/", QUESTIONS),
    ExpertiseView("centre", "ui", EC + "/ervaringsdeskundigen/", EXPERTS),
    ExpertiseView("centre", "ui", EC + "/aanvragen/", EXPERTS),
    ExpertiseView("centre", "ui", EC + "/aanvragen/{request}/", EXPERTS),
    ExpertiseView("centre", "ui", EC + "/bewustwording/"),
    ExpertiseView("centre", "ui", EC + "/bewustwording/bijeenkomsten/{event}/", ENROLMENTS),
    ExpertiseView("centre", "ui", EC + "/dialoog/", DIALOGUE),
    ExpertiseView("centre", "ui", EC + "/dialoog/bijeenkomsten/{meeting}/", DIALOGUE),
    ExpertiseView("centre", "ui", EC + "/dialoog/jaaroverzicht/"),
    ExpertiseView("anyone", "ui", SK + "/"),
    ExpertiseView("anyone", "ui", SK + "/aanbod/{offer}/"),
    ExpertiseView("offer update", "ui", SK + "/aanbod/{offer}/bijwerken/"),
    ExpertiseView("catalogue admin", "ui", SK + "/aanbod/{offer}/wijzigen/"),
    ExpertiseView("catalogue admin", "ui", SK + "/aanbieders/"),
    ExpertiseView("anyone", "api", "/api/v1/courses/"),
    ExpertiseView("anyone", "api", "/api/v1/training-sessions/"),
    ExpertiseView("anyone", "api", "/api/v1/competency-standards/"),
    ExpertiseView("centre", "api", "/api/v1/training-sessions/{session}/enrolments/", ENROLMENTS),
    ExpertiseView("own record", "api", "/api/v1/my-competencies/"),
    ExpertiseView("shares", "api", "/api/v1/competency-shares/"),
    ExpertiseView("centre", "api", "/api/v1/expertise-questions/", QUESTIONS),
    ExpertiseView("centre", "api", "/api/v1/expertise-questions/{question}/", QUESTIONS),
    ExpertiseView("centre", "api", "/api/v1/experience-experts/", EXPERTS),
    ExpertiseView("centre", "api", "/api/v1/expert-requests/", EXPERTS),
    ExpertiseView("centre", "api", "/api/v1/awareness-events/{event}/registrations/", ENROLMENTS),
    ExpertiseView("centre", "api", "/api/v1/dialogue-leaders/", DIALOGUE),
    ExpertiseView("centre", "api", "/api/v1/dialogue-meetings/", DIALOGUE),
    ExpertiseView("centre", "api", "/api/v1/dialogue-meetings/{meeting}/", DIALOGUE),
    ExpertiseView("centre", "api", "/api/v1/dialogue-overview/"),
    ExpertiseView("demand", "api", "/api/v1/help-demand/"),
    ExpertiseView("anyone", "api", "/api/v1/help-offers/"),
    ExpertiseView("anyone", "api", "/api/v1/help-offers/{offer}/"),
    ExpertiseView("catalogue admin", "api", "/api/v1/help-providers/"),
]


def check_expertise_log(view: ExpertiseView, world: ExpertiseWorld, allowed: bool,
                        since: int) -> list[tuple[str, str]]:
    """What is wrong with the access-log entries one look wrote, in the words of ``check_log``."""
    membership = world.membership
    entries = list(AccessLogEntry.objects.filter(pk__gt=since))
    mine = [e for e in entries if e.username == membership.user.username
            and e.organisation_id == membership.organisation_id and e.role == membership.role]
    if allowed:
        if not view.event:
            return []
        if not any(e.outcome == Outcome.SUCCESS and e.event == view.event for e in mine):
            return [("success entry", f"no success entry '{view.event}' by the user "
                                      f"(got {[(e.event, e.outcome) for e in entries]})")]
        return []
    problems = [("no success", f"a success entry '{e.event}' for a refused request")
                for e in entries if e.outcome == Outcome.SUCCESS]
    if not any(e.outcome in (Outcome.NOT_FOUND, Outcome.DENIED) for e in mine):
        problems.append(("refusal entry", f"no not_found/denied entry by the user for the refusal "
                                          f"(got {[(e.event, e.outcome) for e in entries]})"))
    return problems


EXPERTISE_COMBINATIONS = [(role, relation) for role in ROLE_SPECS
                          for relation in expertise_relations(home_type(role))]


@pytest.fixture
def expertise_parties(region):
    return matrix_support.expertise_parties()


@pytest.mark.parametrize(("role", "relation"), EXPERTISE_COMBINATIONS,
                         ids=[f"expertise-{role}@{home_type(role)}-{relation}"
                              for role, relation in EXPERTISE_COMBINATIONS])
def test_expertise_read_matrix(role, relation, expertise_parties):
    """Every screen and read endpoint of the Expertisecentrum and the help catalogue, for every role,
    for the user's own enrolment and offer and for someone else's."""
    missing = missing_routes()
    if missing:
        pytest.fail(f"Routes the permission matrix checks are missing: {missing}")
    org = organisation_of_type(home_type(role), exclude=expertise_parties)
    assert role_allowed_at(role, org.type)
    membership = f.membership(role, org)
    world = build_expertise_world(relation, membership, expertise_parties)
    client = verified_client(membership)

    failures = []
    for view in EXPERTISE_VIEWS:
        allowed = EXPERTISE_READS[view.part].decide(role, relation)
        since = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = client.get(view.route.format(**expertise_ids(world)))
        CHECKED["combinations"] += 1
        CHECKED["allowed" if allowed else "refused"] += 1
        want = 200 if allowed else 404
        problems = []
        if response.status_code != want:
            problems.append(("status", f"HTTP {response.status_code}, expected {want}"))
        problems += check_expertise_log(view, world, allowed, since)
        found = {check for check, _message in problems}
        unexpected = [message for check, message in problems
                      if not known_gap(view, check, role, relation)]
        fixed = [f"known gap '{gap.check}' is gone: remove it from KNOWN_GAPS ({gap.why})"
                 for gap in KNOWN_GAPS if view.key in gap.views and gap.applies(role, relation)
                 and gap.check in (ALLOWED_CHECKS if allowed else REFUSED_CHECKS)
                 and gap.check not in found]
        if len(found) > len(unexpected):
            CHECKED["known gaps"] += 1
        if unexpected or fixed:
            verdict = "allowed" if allowed else "refused"
            failures.append(f"{role} @ {org.name} | {relation} | {view.name} (should be {verdict}: "
                            f"{EXPERTISE_READS[view.part].words}): " + "; ".join(unexpected + fixed))
    assert not failures, "\n".join(failures)


# --- The dashboards' PDF report (issue 12): its progress is its starter's -------------------------
#
# A world without any household: a report of the dashboards that the user started (of their own
# municipality for a municipal policy officer, of the region for anyone else) or that another analyst
# started (of the region). Counts only, but only the one who started it follows it: the analyst or a
# municipal policy officer, their own report; everyone else, and every other report, a logged 404.


class ReportRelation(StrEnum):
    OWN = "own"        # the user started the report
    OTHERS = "others"  # another analyst started it


def report_expected(role: str, relation: ReportRelation) -> bool:
    """Who sees the dashboards (the analyst; a municipal policy officer, their own municipality)
    follows a report they started; nobody follows another's."""
    return role in (Role.ANALYST, Role.MUNICIPAL_POLICY_OFFICER) and relation == ReportRelation.OWN


@dataclass(frozen=True)
class ReportView:
    name: str
    route: str
    event: str  # the success entry of an allowed look ("" where the screen logs none: no person)


REPORT_VIEWS = [
    ReportView("the report's progress page", "/cijfers/dashboard/rapport/{report}/", ""),
    ReportView("API: the report's status and progress", "/api/v1/dashboard-reports/{report}/",
               "dashboard.report_read"),
]


def build_report_world(relation: ReportRelation, membership):
    from eendak.core.models import Job, JobStatus
    from eendak.monitoring.models import DashboardReport

    starter = (membership if relation == ReportRelation.OWN
               else f.membership(Role.ANALYST, membership.organisation))
    bound = membership.role == Role.MUNICIPAL_POLICY_OFFICER and relation == ReportRelation.OWN
    job = Job.objects.create(kind="monitoring.dashboard_report", user=starter.user,
                             membership=starter, organisation=starter.organisation,
                             status=JobStatus.RUNNING, attempts=1, total=8, done=3)
    return DashboardReport.objects.create(
        job=job, requested_by=starter.user, first="2025-H1", last="2025-H2",
        municipality_id=membership.organisation.municipality_id if bound else None)


REPORT_COMBINATIONS = [(role, relation) for role in ROLE_SPECS for relation in ReportRelation]


def read_and_check(client, url: str, membership, allowed: bool, event: str) -> tuple[list[str], list]:
    """GET one page or endpoint of a simple read matrix (one world, no household relation) and say
    what the user would notice is wrong: the status (200, or the 404 of something that is not
    there), the success entry ``event`` by the user, or for a refusal no success entry at all and
    a not_found/denied one by the user. Also returns the user's own entries, for a matrix that
    checks more of them (which persons they name)."""
    since = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.get(url)
    CHECKED["combinations"] += 1
    CHECKED["allowed" if allowed else "refused"] += 1
    want = 200 if allowed else 404
    problems = []
    if response.status_code != want:
        problems.append(f"HTTP {response.status_code}, expected {want}")
    entries = list(AccessLogEntry.objects.filter(pk__gt=since).prefetch_related("subjects"))
    mine = [e for e in entries if e.username == membership.user.username
            and e.organisation_id == membership.organisation_id and e.role == membership.role]
    if allowed and event and not any(e.outcome == Outcome.SUCCESS and e.event == event for e in mine):
        problems.append(f"no success entry '{event}' by the user "
                        f"(got {[(e.event, e.outcome) for e in entries]})")
    if not allowed:
        problems += [f"a success entry '{e.event}' for a refused request"
                     for e in entries if e.outcome == Outcome.SUCCESS]
        if not any(e.outcome in (Outcome.NOT_FOUND, Outcome.DENIED) for e in mine):
            problems.append(f"no not_found/denied entry by the user for the refusal "
                            f"(got {[(e.event, e.outcome) for e in entries]})")
    return problems, mine


@pytest.mark.parametrize(("role", "relation"), REPORT_COMBINATIONS,
                         ids=[f"report-{role}@{home_type(role)}-{relation}"
                              for role, relation in REPORT_COMBINATIONS])
def test_dashboard_report_read_matrix(role, relation, region):
    """The dashboards' PDF report's progress, as a screen and through the API, for every role, for
    the user's own report and another analyst's."""
    org = organisation_of_type(home_type(role), exclude=())
    assert role_allowed_at(role, org.type)
    membership = f.membership(role, org)
    report = build_report_world(relation, membership)
    client = verified_client(membership)
    allowed = report_expected(role, relation)

    failures = []
    for view in REPORT_VIEWS:
        problems, _mine = read_and_check(client, view.route.format(report=report.pk), membership,
                                         allowed, view.event)
        if problems:
            verdict = "allowed" if allowed else "refused"
            failures.append(f"{role} @ {org.name} | {relation} | {view.name} (should be {verdict}: "
                            f"{report_expected.__doc__.split(chr(10))[0]}): " + "; ".join(problems))
    assert not failures, "\n".join(failures)


# --- Destruction requests, retention periods and the yearly list (issue 13) --------------------------
#
# A world without a household's case: a destruction request of the user's organisation
# (``own_org``) or of another organisation (``other_org``), about a household of one person. The
# lists, the periods and the yearly list know no relation (the user's organisation's own, always);
# a request's page and endpoint follow the request's organisation.


class RetentionRelation(StrEnum):
    OWN_ORG = "own_org"
    OTHER_ORG = "other_org"


def _sees_requests(role, relation) -> bool:
    """The privacy officer and the log administrator (emergency_access_report)."""
    return has(role, Capability.EMERGENCY_ACCESS_REPORT)


def _sees_request(role, relation) -> bool:
    """The privacy officer and the log administrator of the request's organisation."""
    return has(role, Capability.EMERGENCY_ACCESS_REPORT) and relation == RetentionRelation.OWN_ORG


def _sees_periods(role, relation) -> bool:
    """The functional administrator (manage_organisations) and the privacy officer."""
    return has(role, Capability.MANAGE_ORGANISATIONS) or has(role, Capability.PERSON_ACCESS_REPORT)


def _sees_due_list(role, relation) -> bool:
    """The privacy officer (person_access_report): their organisation's yearly list."""
    return has(role, Capability.PERSON_ACCESS_REPORT)


@dataclass(frozen=True)
class RetentionView:
    name: str
    route: str
    event: str  # the success entry of an allowed look ("" where the screen shows no person)
    expected: Callable


RETENTION_VIEWS = [
    RetentionView("the destruction requests", "/bewaren/", "destruction_request.list",
                  _sees_requests),
    RetentionView("a destruction request", "/bewaren/verzoeken/{request}/",
                  "destruction_request.read", _sees_request),
    RetentionView("API: the destruction requests", "/api/v1/destruction-requests/",
                  "destruction_request.list", _sees_requests),
    RetentionView("API: a destruction request", "/api/v1/destruction-requests/{request}/",
                  "destruction_request.read", _sees_request),
    RetentionView("the retention periods", "/bewaren/termijnen/", "", _sees_periods),
    RetentionView("the yearly list of files due for destruction", "/bewaren/vernietigingslijst/",
                  "due_list.read", _sees_due_list),
]


def build_retention_request(relation: RetentionRelation, membership):
    from eendak.retention.models import DestructionRequest

    org = membership.organisation
    if relation == RetentionRelation.OTHER_ORG:
        org = organisation_of_type(T.HOSPITAL if org.type != T.HOSPITAL else T.VEILIG_THUIS,
                                   exclude=(org,))
    registrar = f.membership(Role.PRIVACY_OFFICER, org)
    household = f.HouseholdFactory()
    person = f.person_in(household, "parent")
    today = timezone.localdate()
    return DestructionRequest.objects.create(
        reference=f"VV-M{household.pk}", organisation=org, household=household, person=person,
        household_reference=household.reference, received_on=today,
        deadline=today + timedelta(days=30), registered_by=registrar.user)


RETENTION_COMBINATIONS = [(role, relation) for role in ROLE_SPECS for relation in RetentionRelation]


@pytest.mark.parametrize(("role", "relation"), RETENTION_COMBINATIONS,
                         ids=[f"retention-{role}@{home_type(role)}-{relation}"
                              for role, relation in RETENTION_COMBINATIONS])
def test_retention_read_matrix(role, relation, region):
    """Destruction requests, periods and the yearly list, as screens and through the API, for every
    role, for a request of the user's organisation and of another."""
    org = organisation_of_type(home_type(role), exclude=())
    membership = f.membership(role, org)
    item = build_retention_request(relation, membership)
    client = verified_client(membership)
    failures = []
    for view in RETENTION_VIEWS:
        allowed = view.expected(role, relation)
        problems, _mine = read_and_check(client, view.route.format(request=item.pk), membership,
                                         allowed, view.event)
        if problems:
            verdict = "allowed" if allowed else "refused"
            failures.append(f"{role} @ {org.name} | {relation} | {view.name} (should be {verdict}: "
                            f"{view.expected.__doc__}): " + "; ".join(problems))
    assert not failures, "\n".join(failures)


# --- The data subject's requests (issue 13, parts 1 and 2): the privacy officer's own -------------------
#
# A request about a person, received by the user's organisation (``own_org``) or another
# (``other_org``), with its inzage PDF built. The list is the privacy officer's (their organisation's
# requests only); one request, its steps and its PDF are for the privacy officer of the organisation
# that received it. Everyone else, and another organisation's request, a logged 404.


class RightsRelation(StrEnum):
    OWN_ORG = "own_org"
    OTHER_ORG = "other_org"


def rights_expected(role: str, relation: RightsRelation, per_request: bool) -> bool:
    """The privacy officer (person_access_report) sees their organisation's requests; a request of
    another organisation is not there for them."""
    officer = has(role, Capability.PERSON_ACCESS_REPORT)
    return officer and (relation == RightsRelation.OWN_ORG or not per_request)


@dataclass(frozen=True)
class RightsView:
    name: str
    route: str
    event: str
    per_request: bool = True


RIGHTS_VIEWS = [
    RightsView("the list of requests", "/toegangslog/verzoeken/", "rights_request.list", False),
    RightsView("one request with its steps", "/toegangslog/verzoeken/{request}/",
               "rights_request.read"),
    RightsView("the inzage PDF", "/toegangslog/verzoeken/{request}/bestand/{file}/",
               "access_file.downloaded"),
    RightsView("API: the list of requests", "/api/v1/rights-requests/", "rights_request.list",
               False),
    RightsView("API: one request", "/api/v1/rights-requests/{request}/", "rights_request.read"),
    RightsView("API: the inzage PDF", "/api/v1/rights-requests/{request}/access-files/{file}/",
               "access_file.downloaded"),
]


def build_rights_world(relation: RightsRelation, membership):
    org = membership.organisation
    receiver = org if relation == RightsRelation.OWN_ORG else organisation_of_type(
        T.LOCAL_TEAM if org.type != T.LOCAL_TEAM else T.VEILIG_THUIS, exclude=(org,))
    officer = matrix_support.acting(f.membership(Role.PRIVACY_OFFICER, receiver))
    household = f.HouseholdFactory()
    person = f.person_in(household, "parent")
    request = privacy.register_request(officer, person=person, kind="access",
                                       received_on=timezone.localdate(), received_via="letter",
                                       request_text="Inzage (matrix).")
    return request, privacy.build_access_file(officer, request)


RIGHTS_COMBINATIONS = [(role, relation) for role in ROLE_SPECS for relation in RightsRelation]


@pytest.mark.parametrize(("role", "relation"), RIGHTS_COMBINATIONS,
                         ids=[f"rights-{role}@{home_type(role)}-{relation}"
                              for role, relation in RIGHTS_COMBINATIONS])
def test_rights_request_read_matrix(role, relation, region):
    """The data subject's requests, their steps and the inzage PDF, as screens and through the API,
    for every role, for a request of the user's organisation and of another."""
    org = organisation_of_type(home_type(role), exclude=())
    membership = f.membership(role, org)
    request, made = build_rights_world(relation, membership)
    client = verified_client(membership)
    failures = []
    for view in RIGHTS_VIEWS:
        allowed = rights_expected(role, relation, view.per_request)
        problems, mine = read_and_check(client, view.route.format(request=request.pk, file=made.pk),
                                        membership, allowed, view.event)
        if allowed and view.per_request and request.person_id not in {
                pid for e in mine for pid in e.person_ids}:
            problems.append("the entry does not name the person")
        if problems:
            verdict = "allowed" if allowed else "refused"
            failures.append(f"{role} @ {org.name} | {relation} | {view.name} (should be {verdict}: "
                            f"{rights_expected.__doc__.split(chr(10))[0]}): " + "; ".join(problems))
    assert not failures, "\n".join(failures)


# --- One's own notifications (issue 14): each person's own, for the membership they act for ---------
#
# A world without a household's file: a notification of the user for the membership they act for
# (``own``), one of the user for another membership of theirs at another organisation
# (``own_other_membership``), or a colleague's (``others``). A notification names no person, so an
# allowed look writes no entry (docs/notifications.md, "The access log"); a refusal is the logged 404.


class NoticeRelation(StrEnum):
    OWN = "own"
    OWN_OTHER_MEMBERSHIP = "own_other_membership"
    OTHERS = "others"


def notice_expected(role: str, relation: NoticeRelation) -> bool:
    """Everyone reads their own notifications for the role they act in now; nobody another's, and
    not their own for another organisation or role."""
    return relation == NoticeRelation.OWN


NOTICE_VIEWS = [
    ReportView("API: one notification", "/api/v1/notifications/{notice}/", ""),
]


def build_notice_world(relation: NoticeRelation, membership):
    from eendak.notifications.models import Notification

    if relation == NoticeRelation.OWN:
        addressed = membership
    elif relation == NoticeRelation.OWN_OTHER_MEMBERSHIP:
        other_org = organisation_of_type(T.POLICE if membership.organisation.type != T.POLICE
                                         else T.VEILIG_THUIS, exclude=(membership.organisation,))
        addressed = f.membership(Role.LOG_ADMIN, other_org, user=membership.user)
    else:
        addressed = f.membership(membership.role, membership.organisation)
    return Notification.objects.create(
        recipient=addressed.user, membership=addressed, kind="handover_offered",
        text="Overdracht aangeboden voor casus C-MATRIX", url="/casussen/1/", key="matrix")


NOTICE_COMBINATIONS = [(role, relation) for role in ROLE_SPECS for relation in NoticeRelation]


@pytest.mark.parametrize(("role", "relation"), NOTICE_COMBINATIONS,
                         ids=[f"notice-{role}@{home_type(role)}-{relation}"
                              for role, relation in NOTICE_COMBINATIONS])
def test_notification_read_matrix(role, relation, region):
    """One notification through the API, for every role: the user's own for the membership they
    act for, their own for another membership, and a colleague's."""
    org = organisation_of_type(home_type(role), exclude=())
    membership = f.membership(role, org)
    notice = build_notice_world(relation, membership)
    client = verified_client(membership)
    allowed = notice_expected(role, relation)
    failures = []
    for view in NOTICE_VIEWS:
        problems, _mine = read_and_check(client, view.route.format(notice=notice.pk), membership,
                                         allowed, view.event)
        if problems:
            failures.append(f"{role} @ {org.name} | {relation} | {view.name}: " + "; ".join(problems))
    assert not failures, "\n".join(failures)


# --- The log administrator's chain check and the functional administrator's API tokens (issue 14) ------
#
# A world without any household: an API token of a service account (of another organisation). The
# chain check names entry numbers only, the token list names service accounts only; both are for one
# role each, whatever the organisation, and a refusal is the logged 404 of something not there.


def _checks_the_chain(role: str) -> bool:
    """The log administrator (capability read_access_log)."""
    return has(role, Capability.READ_ACCESS_LOG)


def _manages_tokens(role: str) -> bool:
    """The functional administrator (capability manage_users)."""
    return has(role, Capability.MANAGE_USERS)


@dataclass(frozen=True)
class AdminView:
    name: str
    route: str
    event: str  # the success entry of an allowed look ("" where the screen logs none: no person)
    expected: Callable


ADMIN_VIEWS = [
    AdminView("the chain check screen", "/toegangslog/keten/", "", _checks_the_chain),
    AdminView("API: the chain check", "/api/v1/access-log/verification", "access_log.verify",
              _checks_the_chain),
    AdminView("API: the service tokens", "/api/v1/service-tokens", "token.list", _manages_tokens),
    AdminView("API: one service token", "/api/v1/service-tokens/{token}", "token.read",
              _manages_tokens),
]


def build_token_world():
    from eendak.api.models import ServiceToken

    service = f.membership(Role.PARTNER_LIAISON, organisation_of_type(T.POLICE, exclude=()),
                           user=f.UserFactory(is_service_account=True))
    return ServiceToken.objects.create(membership=service, name="Politiesysteem (matrix)",
                                       prefix="matrix00", key_hash="1" * 64)


@pytest.mark.parametrize("role", list(ROLE_SPECS), ids=[f"admin-{role}@{home_type(role)}"
                                                         for role in ROLE_SPECS])
def test_chain_check_and_token_read_matrix(role, region):
    """The chain check (screen and API) and the service tokens (API), for every role."""
    org = organisation_of_type(home_type(role), exclude=())
    membership = f.membership(role, org)
    token = build_token_world()
    client = verified_client(membership)
    failures = []
    for view in ADMIN_VIEWS:
        allowed = view.expected(role)
        problems, _mine = read_and_check(client, view.route.format(token=token.pk), membership,
                                         allowed, view.event)
        if problems:
            verdict = "allowed" if allowed else "refused"
            failures.append(f"{role} @ {org.name} | {view.name} (should be {verdict}: "
                            f"{view.expected.__doc__}): " + "; ".join(problems))
    assert not failures, "\n".join(failures)
