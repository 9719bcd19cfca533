"""Every change to a case is in its time line: opening the case, a goal, an action, an action's
status and a recurrence seen each write one journal entry (in the name of the organisation that made
the change) together with their access-log entry, and the journal screen shows them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.cases import services
from eendak.cases.models import JournalEntry, Recurrence
from eendak.core.roles import Role
from eendak.intake import services as intake
from eendak.testing import factories as f

from .conftest import actor_for
from .views_helpers import case_url, open_case_by_report, text_of


def new_entries(case, since: int) -> list[JournalEntry]:
    return list(JournalEntry.objects.filter(case=case, id__gt=since).order_by("id"))


def last_entry_id() -> int:
    return JournalEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def last_log_id() -> int:
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def one_change(case, actor, change, event: str) -> JournalEntry:
    """Make ``change``; it wrote exactly one time-line entry and one access-log entry, both in the
    name of the acting organisation."""
    entries, log = last_entry_id(), last_log_id()
    change()
    [entry] = new_entries(case, entries)
    assert (entry.source_organisation, entry.author) == (actor.organisation, actor.user)
    logged = AccessLogEntry.objects.filter(id__gt=log, event=event)
    assert [(e.user_id, e.outcome) for e in logged] == [(actor.user.pk, Outcome.SUCCESS)]
    return entry


@pytest.mark.django_db
def test_opening_a_case_is_the_first_entry_of_its_time_line(vt, login_as):
    intake_actor = actor_for(f.membership(Role.VT_INTAKE, vt))
    case, _report = open_case_by_report(intake_actor)

    first = case.journal.order_by("occurred_at", "id").first()
    assert first.text.startswith("Casus geopend door Veilig Thuis Midden-Brabant")
    assert first.source_organisation == vt
    journal = text_of(login_as(f.membership(Role.VT_MONITOR, vt)).get(case_url(case, "journal")))
    assert "Casus geopend door Veilig Thuis Midden-Brabant, fase directe veiligheid." in journal


@pytest.mark.django_db
def test_goals_actions_and_their_status_are_in_the_time_line(open_case, vt_actor, team_actor,
                                                            tilburg_team, login_as):
    today = timezone.localdate()
    due = today + timedelta(days=14)
    version = services.new_plan_version(team_actor, open_case, note="Eerste plan")
    made = {}

    goal_entry = one_change(open_case, team_actor, lambda: made.setdefault(
        "goal", services.add_goal(team_actor, version, part="safety",
                                  text="Er is geen geweld meer in huis.")),
        "case.plan_goal_added")
    action_entry = one_change(open_case, team_actor, lambda: made.setdefault(
        "action", services.add_action(team_actor, made["goal"], text="Huisbezoek",
                                      owner_organisation=tilburg_team, owner=team_actor.user,
                                      start_on=today, due_on=due)),
        "case.plan_action_added")
    status_entry = one_change(open_case, team_actor, lambda: services.set_action_status(
        team_actor, made["action"], "in_progress"), "case.plan_action_status")

    assert goal_entry.kind == action_entry.kind == status_entry.kind == "plan"
    assert "Er is geen geweld meer in huis." in goal_entry.text
    assert action_entry.text == (f"Actie toegevoegd voor Lokaal team Tilburg (uiterlijk "
                                 f"{due:%d-%m-%Y}): Huisbezoek")
    assert status_entry.text == "Actie ‘Huisbezoek’: Open → Bezig."
    # Every participant reads them in the time line, Veilig Thuis as well as the local team.
    for member in (vt_actor.membership, team_actor.membership):
        journal = text_of(login_as(member).get(case_url(open_case, "journal")))
        for entry in (goal_entry, action_entry, status_entry):
            assert entry.text in journal


@pytest.mark.django_db
def test_a_recurrence_and_its_being_seen_are_in_the_time_line_of_the_earlier_case(
        open_case, vt_actor, login_as):
    services.close_case(vt_actor, open_case, reason="stable_safety")
    person = open_case.household.members.first().person
    report = intake.register_report(actor_for(f.membership(Role.VT_INTAKE, vt_actor.organisation)),
                                    intake.ReportData(
        channel="phone", account="Weer zorgen.", violence_types=["partnergeweld"],
        reporter=intake.ReporterData(name="Buurman"),
        involved=[intake.InvolvedPerson("victim", person=person)]))
    recurrence = Recurrence.objects.get(report=report)
    signalled = open_case.journal.get(kind="recurrence")
    assert report.reference in signalled.text
    client = login_as(vt_actor.membership)
    entries = last_entry_id()

    response = client.post(reverse("cases:recurrence_seen", args=[recurrence.pk]))

    assert response.status_code == 302
    [seen] = new_entries(open_case, entries)
    assert (seen.kind, seen.source_organisation) == ("recurrence", vt_actor.organisation)
    assert seen.text == (f"Signaal over de nieuwe melding {report.reference} gezien door "
                         f"Veilig Thuis Midden-Brabant.")
    journal = text_of(client.get(case_url(open_case, "journal")))
    assert signalled.text in journal and seen.text in journal
    # Seen once: marking it again (a second click, a page loaded before) writes nothing more.
    assert recurrence.seen_at is None  # as that earlier page still has it
    assert services.acknowledge_recurrence(vt_actor, recurrence).seen_at is not None
    assert new_entries(open_case, seen.pk) == []
