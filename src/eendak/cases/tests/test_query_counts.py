"""Every read model of the case file costs the same number of database queries however much data
it shows: "Mijn casussen" with its actions, signals and recurrences, "Onze bijdragen", the journal,
the work queues of the API, a step's form fetched on its own, the case page with more of every part
and the plan on paper. Each test counts one request with a small data set, adds several times more
rows (more cases, actions, signals, journal entries, participants, persons, goals …, also more rows
on one page), counts again and asserts the two counts are equal: the behaviour a user notices as "it
does not get slower with the data" (``eendak.testing.query_counts``; a failure names the repeated
query).

The case page with a long journal and ``GET /api/v1/cases/{id}/`` (and its journal with full pages)
are covered in ``test_views_query_count.py`` and ``test_api_case_queries.py``."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.cases import services
from eendak.cases.models import (
    Case,
    Document,
    JournalEntry,
    MonitoringMoment,
    Participation,
    PlanAction,
    PlanGoal,
    Recurrence,
)
from eendak.cases.views import STEPS
from eendak.core.models import Municipality, Organisation
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.intake import services as intake
from eendak.persons.registry import PersonData
from eendak.testing import factories as f
from eendak.testing.query_counts import assert_flat, flat_counts, repeated

from .conftest import actor_for

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 15


# --- A world of cases with something in every list ----------------------------------------------


class World:
    """Veilig Thuis (an intake officer and a monitor) and the Tilburg team (a coordinator); every
    case is opened the way Veilig Thuis opens one, and given what the work lists show."""

    def __init__(self, vt, team):
        self.vt, self.team = vt, team
        self.intake = actor_for(f.membership(Role.VT_INTAKE, vt))
        self.monitor = actor_for(f.membership(Role.VT_MONITOR, vt))
        self.coordinator = actor_for(f.membership(Role.CASE_COORDINATOR, team))
        self.tilburg = Municipality.objects.get(cbs_code="GM0855")
        self.cases: list[Case] = []

    def open_case(self, n: int) -> tuple[Case, object]:
        """A report about a family of three, assessed and decided: Veilig Thuis responsible, the
        Tilburg team taking part, a joint first conversation not yet held."""
        surname = f"Visser{len(self.cases)}x{n}"
        report = intake.register_report(self.intake, intake.ReportData(
            channel="phone", account="Buren hoorden geschreeuw; moeder had letsel.",
            violence_types=["partnergeweld"], reporter=intake.ReporterData(name="Buurvrouw"),
            municipality_id=self.tilburg.pk,
            involved=[intake.InvolvedPerson(role, data=PersonData(
                given_names=given, surname=surname, municipality_id=self.tilburg.pk))
                for role, given in (("victim", "Sanne"), ("suspect", "Ruud"), ("child", "Mila"))]))
        intake.record_assessment(self.intake, report, acute_unsafety=False,
                                 structural_unsafety=True, triage="structural_serious",
                                 rationale="Herhaald geweld.")
        case = intake.decide(self.intake, report, kind="conditions",
                             rationale="Voorwaarden met het gezin, lokaal team erbij.").case
        self.cases.append(case)
        return case, report

    def busy_case(self, n: int) -> Case:
        """A case with one of every signal (the impact measurement T12 due among them), an open
        action for each of the two workers (one overdue), a journal entry of each organisation with
        a document, and a recurrence for each."""
        today = timezone.localdate()
        case, report_ = self.open_case(n)
        services.set_conditions(self.monitor, case, [("Geen geweld in huis.", "Ouders")])
        # Monitoring: a moment due, the 18-month limit near (signals for Veilig Thuis).
        MonitoringMoment.objects.filter(pk=case.monitoring_moments.order_by("planned_on")
                                        .values("pk")[:1]).update(planned_on=today - timedelta(days=1))
        services.assign_coordinator(self.monitor, case, self.coordinator.user)
        Case.objects.filter(pk=case.pk).update(
            monitoring_until=today + timedelta(days=10),
            coordinator_since=today - timedelta(days=600),
            # opened 13 months ago: the impact measurement T12 is due (a signal for Veilig Thuis)
            opened_at=timezone.now() - timedelta(days=380))
        version = services.new_plan_version(self.coordinator, case, note="Eerste plan")
        goal = services.add_goal(self.coordinator, version, part="safety", text="Veilig thuis")
        for actor, days in ((self.coordinator, -3), (self.coordinator, 7), (self.monitor, -2)):
            services.add_action(self.coordinator, goal, text=f"Actie {n} voor {actor.user}",
                                owner_organisation=actor.organisation, owner=actor.user,
                                start_on=today - timedelta(days=10),
                                due_on=today + timedelta(days=days))
        case.refresh_from_db()
        services.offer_handover(self.monitor, case, to_organisation_id=self.team.pk)
        for actor in (self.monitor, self.coordinator):
            add_entries(case, 1, [actor.organisation], [actor.user])
        Recurrence.objects.create(report=report_, previous_case=case, signalled_to=self.team)
        return case

    def closed_case(self, n: int) -> Case:
        """A case closed at 10 months, opened 18 months ago: the impact measurements T12 (late) and
        T18 are due after closure (signals for Veilig Thuis, which keeps its part)."""
        case, _ = self.open_case(n)
        services.close_case(self.monitor, case, reason="stable_safety")
        Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - timedelta(days=545))
        return case

    def grow(self, count: int) -> None:
        for n in range(count):
            self.busy_case(n)
            self.closed_case(n)


@pytest.fixture
def world(vt, tilburg_team):
    return World(vt, tilburg_team)


def add_entries(case, count, organisations, users, *, start=0):
    """``count`` journal entries, alternating sources and authors; every other one carries a
    document, every third is for its source only."""
    now = timezone.now()
    documents = Document.objects.bulk_create([
        Document(case=case, file=f"case-documents/test/{case.pk}-{start + i}.pdf",
                 original_name=f"verslag-{start + i}.pdf", content_type="application/pdf",
                 size=1000 + i, sha256="0" * 64, uploaded_by=users[i % len(users)],
                 source_organisation=organisations[i % len(organisations)])
        for i in range(0, count, 2)])
    JournalEntry.objects.bulk_create([
        JournalEntry(case=case, kind="contact", text=f"Contact {start + i} met het gezin.",
                     occurred_at=now - timedelta(hours=start + i), author=users[i % len(users)],
                     source_organisation=organisations[i % len(organisations)],
                     visibility="source" if i % 3 == 0 else "all",
                     document=documents[i // 2] if i % 2 == 0 else None)
        for i in range(count)])


# --- "Mijn casussen" and its API twins ------------------------------------------------------------


@pytest.mark.parametrize("who", ["monitor", "coordinator"])
def test_my_cases_costs_the_same_with_five_times_the_cases(world, who, login_as, capsys):
    """The page holds the cases, the worker's actions, the signals and the recurrences: all grow."""
    world.grow(FEW)
    client = login_as(getattr(world, who).membership)
    assert_flat(capsys, f"/casussen/ as {who}", client, reverse("cases:my_cases"),
                lambda: world.grow(MANY - FEW))


def queue_counts(response) -> int:
    """What "Mijn werk" shows: the sum of its queues' counts (it shows at most five items each)."""
    return sum(int(n) for n in re.findall(r'<data class="eendak-count" value="(\d+)"',
                                          response.content.decode()))


@pytest.mark.parametrize("who", ["monitor", "coordinator"])
def test_the_start_page_costs_the_same_with_five_times_the_cases(world, who, login_as, capsys):
    """"Mijn werk" counts the cases, signals, actions and handovers and shows the first items of
    each (with their access-log entry): the same number of queries with five times the work."""
    world.grow(FEW)
    client = login_as(getattr(world, who).membership)
    assert_flat(capsys, f"/ (Mijn werk) as {who}", client, reverse("core:home"),
                lambda: world.grow(MANY - FEW), rows=queue_counts)


def test_api_cases_costs_the_same_with_five_times_the_cases(world, login_as, capsys):
    world.grow(FEW)
    client = login_as(world.coordinator.membership)
    assert_flat(capsys, "GET /api/v1/cases/", client, reverse("cases_api:case-list"),
                lambda: world.grow(MANY - FEW))


@pytest.mark.parametrize("who", ["monitor", "coordinator"])
def test_api_signals_cost_the_same_with_five_times_the_cases(world, who, login_as, capsys):
    """Every kind of signal on every case: monitoring due, the 18-month limit and the impact
    measurement due (Veilig Thuis), overdue actions, waiting handovers, coordination limits, joint
    conversations, recurrences."""
    world.grow(1)
    client = login_as(getattr(world, who).membership)
    kinds = {s["kind"] for s in client.get(reverse("cases_api:signal-list")).json()["results"]}
    assert {"action_overdue", "handover_waiting", "coordination_limit"} <= kinds
    if who == "monitor":
        assert {"monitoring_due", "monitoring_limit", "joint_conversation", "impact_due"} <= kinds
        impact_of = {(s["case"]["status"], s["label"].split(":")[0]) for s in
                     client.get(reverse("cases_api:signal-list")).json()["results"]
                     if s["kind"] == "impact_due"}
        # after closure too: T12 late and T18 due
        assert {("closed", "Impactmeting T12"), ("closed", "Impactmeting T18")} <= impact_of
    else:
        assert "recurrence" in kinds
    assert_flat(capsys, f"GET /api/v1/signals/ as {who}", client,
                reverse("cases_api:signal-list"), lambda: world.grow(MANY - 1))


@pytest.mark.parametrize("who", ["monitor", "coordinator"])
def test_api_my_actions_cost_the_same_with_five_times_the_actions(world, who, login_as, capsys):
    world.grow(FEW)
    client = login_as(getattr(world, who).membership)
    assert_flat(capsys, f"GET /api/v1/my-actions/ as {who}", client,
                reverse("cases_api:my-action-list"), lambda: world.grow(MANY - FEW))


# --- "Onze bijdragen" ------------------------------------------------------------------------------


def contributions_world(world, count: int) -> None:
    """Cases where the team wrote entries (with documents, by several authors); in every other one
    its part has ended since, so the row links to the case only where it still may."""
    colleague = f.membership(Role.LOCAL_TEAM_WORKER, world.team).user
    for n in range(count):
        case, _ = world.open_case(n)
        add_entries(case, 3, [world.team], [world.coordinator.user, colleague])
        if n % 2:
            services.end_participation(world.coordinator, case.participations.get(
                organisation=world.team, ended_at__isnull=True), reason="Onze taak is klaar.")


@pytest.mark.parametrize("url", ["cases:contributions", "cases_api:own-contribution-list"])
def test_own_contributions_cost_the_same_in_five_times_the_cases(world, url, login_as, capsys):
    contributions_world(world, FEW)
    client = login_as(world.coordinator.membership)
    assert_flat(capsys, f"{reverse(url)} (Onze bijdragen)", client, reverse(url),
                lambda: contributions_world(world, MANY - FEW))


# --- The journal -----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["cases:journal", "cases_api:case-journal"])
def test_the_journal_costs_the_same_with_five_times_the_entries(world, url, login_as, capsys):
    """More entries on the one page (3, then 15, of three sources and authors, with documents)."""
    case, _ = world.open_case(0)
    police = f.organisation(T.POLICE)
    Participation.objects.create(case=case, organisation=police, task="Politie")
    liaison = f.membership(Role.PARTNER_LIAISON, police).user
    JournalEntry.objects.filter(case=case).delete()  # only ours: the decision wrote some
    orgs, users = [world.vt, world.team, police], [world.monitor.user, world.coordinator.user, liaison]
    add_entries(case, FEW, orgs, users)
    client = login_as(world.coordinator.membership)
    assert_flat(capsys, f"{reverse(url, args=[case.pk])} (journal)", client,
                reverse(url, args=[case.pk]),
                lambda: add_entries(case, MANY - FEW, orgs, users, start=FEW))


# --- A step's form fetched on its own -------------------------------------------------------------

# Every step of the case page that is opened without a target (a new step is counted too), as the
# responsible Veilig Thuis monitor sees them on an open case with conditions, monitoring, a plan and
# children.
STEP_KEYS = [step.key for step in STEPS if step.target is None]


def step_case(world) -> tuple[Case, object]:
    case, _ = world.open_case(0)
    services.set_conditions(world.monitor, case, [("Geen geweld in huis.", "Ouders")])
    version = services.new_plan_version(world.monitor, case, note="Eerste plan")
    return case, version


def grow_step_case(world, case, version, count: int) -> None:
    """More of everything a step's form may offer or check: persons (children too), organisations
    taking part (each with a client-data worker: the action's owners), goals with actions,
    conditions and planned monitoring moments."""
    today = timezone.localdate()
    taking_part = set(case.participations.values_list("organisation_id", flat=True))
    partners = list(Organisation.objects.filter(is_active=True).exclude(pk__in=taking_part)
                    .exclude(type=T.VEILIG_THUIS).order_by("type", "name")[:count])
    assert len(partners) == count
    for organisation in partners:
        Participation.objects.create(case=case, organisation=organisation, task="Hulp")
        f.membership(Role.PARTNER_LIAISON, organisation)
    for n in range(count):
        f.person_in(case.household, "child" if n % 2 else "other")
        f.membership(Role.LOCAL_TEAM_WORKER, world.team)
        goal = PlanGoal.objects.create(version=version, part="help", text=f"Doel {n}", position=n)
        PlanAction.objects.create(goal=goal, text=f"Actie {n}", owner_organisation=world.team,
                                  start_on=today, due_on=today + timedelta(days=n))
    services.set_conditions(world.monitor, case, [(f"Voorwaarde {n}", "Ouders")
                                                   for n in range(count)])
    MonitoringMoment.objects.bulk_create([MonitoringMoment(case=case, planned_on=today + timedelta(
        days=n + 1)) for n in range(count)])


def test_the_step_cases_grow_what_the_forms_offer(world):
    case, version = step_case(world)
    grow_step_case(world, case, version, FEW)
    before = (case.participations.count(), case.household.members.count(), version.goals.count())
    grow_step_case(world, case, version, MANY - FEW)
    after = (case.participations.count(), case.household.members.count(), version.goals.count())
    assert all(b < a for b, a in zip(before, after, strict=True))


# Opened with htmx (a fragment), as the case page does; the two steps the issue names also as the
# page of their own that a browser without JavaScript gets.
STEP_REQUESTS = [(key, True) for key in STEP_KEYS] + [("participant", False), ("action", False)]


def options(response) -> int:
    return response.content.decode().count("<option")


@pytest.mark.parametrize(("key", "htmx"), STEP_REQUESTS,
                         ids=[f"{k}-{'fragment' if h else 'page'}" for k, h in STEP_REQUESTS])
def test_a_step_form_costs_the_same_with_five_times_the_file(world, key, htmx, login_as, capsys):
    case, version = step_case(world)
    grow_step_case(world, case, version, FEW)
    url = reverse(f"cases:step_{key}", args=[case.pk])
    few, many = flat_counts(login_as(world.monitor.membership), url,
                            lambda: grow_step_case(world, case, version, MANY - FEW),
                            headers={"HX-Request": "true"} if htmx else {}, rows=options)
    with capsys.disabled():
        print(f"\nGET {url} ({'htmx' if htmx else 'page'}): {few.count} queries with {few.rows} "
              f"options, {many.count} with {many.rows}")
    assert many.count == few.count, repeated(few, many)


# --- The plan on paper -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["cases:plan_pdf", "cases:plan_child_pdf"])
def test_the_plan_on_paper_costs_the_same_with_five_times_the_plan(world, url, login_as, capsys):
    """The family's plan and the child's: more goals with actions, more organisations taking part,
    more conditions, and more voices of the child recorded."""
    case, version = step_case(world)
    child = case.household.members.get(role="child").person

    def grow(count):
        grow_step_case(world, case, version, count)
        for n in range(count):
            services.record_child_voice(world.coordinator, case, child=child,
                                        account=f"Verhaal {n}", wishes=f"Wens {n}")

    grow(FEW)
    path = reverse(url, args=[case.pk]) + (f"?kind={child.pk}" if url == "cases:plan_child_pdf"
                                           else "")
    assert_flat(capsys, f"{path} (plan PDF; rows: goals)", login_as(world.coordinator.membership),
                path, lambda: grow(MANY - FEW), rows=lambda _response: version.goals.count())


# --- The case page with more of everything but the journal ------------------------------------------


@pytest.mark.parametrize("who", ["monitor", "coordinator"])
def test_the_case_page_costs_the_same_with_five_times_every_part(world, who, login_as, capsys):
    """``test_views_query_count.py`` grows the journal; this grows every other part of the page:
    persons, organisations taking part, goals with actions, conditions, monitoring moments,
    children's voices (and, for the steps, the people who could own an action)."""
    case, version = step_case(world)
    child = case.household.members.get(role="child").person

    def grow(count):
        grow_step_case(world, case, version, count)
        for n in range(count):
            services.record_child_voice(world.coordinator, case, child=child,
                                        account=f"Verhaal {n}", wishes=f"Wens {n}")

    grow(FEW)
    path = reverse("cases:case_detail", args=[case.pk])
    assert_flat(capsys, f"{path} as {who} (every part but the journal)",
                login_as(getattr(world, who).membership), path, lambda: grow(MANY - FEW))
