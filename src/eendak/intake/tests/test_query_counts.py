"""The intake's read models cost the same number of database queries however much they show: one
report with more persons, conversations, informing tasks, instrument results and participants in its
case (the report page and GET /api/v1/reports/{id}/), the work queue of the API, the advice list
(screen and API), and the "is this person already known?" search with more candidates and more
history (the API, and the search while a report is taken). Each test counts one request with a small
data set, adds several times more rows, counts again and asserts the two counts are equal: the
behaviour a user notices as "it does not get slower with the data". The work-queue screen has its
own in ``test_views_queue.py``; the merge page (now the persons app's) is counted there."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.cases.models import Participation
from eendak.core.models import Organisation
from eendak.core.roles import OrganisationType as T
from eendak.intake import services as intake
from eendak.intake.models import (
    AdviceRequest,
    InformingTask,
    InstrumentResult,
    JointConversation,
    ReportPerson,
)
from eendak.persons.registry import PersonData
from eendak.testing import factories as f
from eendak.testing.query_counts import assert_flat

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 15


@pytest.fixture
def officer(login_as, intake):
    return login_as(intake)


def report_about(intake_actor, tilburg, surname="Visser", *, bsn=""):
    """A phone report about a mother (optionally with a BSN) and a child in Tilburg."""
    return intake.register_report(intake_actor, intake.ReportData(
        channel="phone", account="Bijna elke avond geschreeuw en gebonk bij de buren.",
        violence_types=["partnergeweld"], reporter=intake.ReporterData(name="Mw. P. Bakker"),
        municipality_id=tilburg.pk,
        involved=[
            intake.InvolvedPerson("victim", data=PersonData(
                given_names="Anna", surname=surname, bsn=bsn, date_of_birth=date(1985, 3, 1),
                municipality_id=tilburg.pk)),
            intake.InvolvedPerson("child", data=PersonData(
                given_names="Mila", surname=surname, municipality_id=tilburg.pk)),
        ]))


# --- One report --------------------------------------------------------------------------------------


@pytest.fixture
def decided_report(intake_actor, tilburg):
    """A report assessed and decided ('voorwaarden en vervolg'): a case, a joint conversation."""
    report = report_about(intake_actor, tilburg)
    intake.record_assessment(intake_actor, report, acute_unsafety=False, structural_unsafety=True,
                             triage="structural_serious", rationale="Herhaald geweld.")
    intake.decide(intake_actor, report, kind="conditions", rationale="Lokaal team erbij.")
    report.refresh_from_db()
    return report


def grow_report(report, count, user):
    """More persons involved (each with a BSN and an informing task), more joint conversations with
    more local teams, more instrument results, and more organisations in the report's case."""
    today = timezone.localdate()
    case = report.decision.case
    taking_part = case.participations.values_list("organisation_id", flat=True)
    others = list(Organisation.objects.filter(is_active=True).exclude(pk__in=taking_part)
                  .order_by("type", "name")[:count])
    teams = list(Organisation.objects.filter(type=T.LOCAL_TEAM).order_by("name"))
    for n in range(count):
        person = f.person_in(report.household, "child" if n % 2 else "other", bsn=f.test_bsn())
        ReportPerson.objects.create(report=report, person=person, role="witness")
        InformingTask.objects.create(report=report, person=person, due_on=today + timedelta(days=n))
        JointConversation.objects.create(report=report, local_team=teams[n % len(teams)],
                                         planned_for=timezone.now() + timedelta(days=n + 1))
        InstrumentResult.objects.create(report=report, instrument="dash", version="2009",
                                        answers={}, outcome=f"Uitkomst {n}", assessed_by=user)
        Participation.objects.create(case=case, organisation=others[n], task="Hulp")


def items_of_report(response) -> int:
    """Everything a report shows that grows: persons, conversations, tasks, instruments."""
    if response.get("Content-Type", "").startswith("application/json"):
        data = response.json()
        return sum(len(data[key]) for key in ("involved", "jointConversations", "informingTasks",
                                              "instrumentResults"))
    html = response.content.decode()
    return html.count("<tr") + html.count("<li") + html.count("<form")


@pytest.mark.parametrize("url", ["intake:report_detail", "intake_api:report-detail"])
def test_a_report_costs_the_same_with_five_times_the_persons_and_tasks(
        url, officer, intake, decided_report, capsys):
    grow_report(decided_report, FEW, intake.user)
    path = reverse(url, args=[decided_report.pk])
    assert_flat(capsys, f"{path} (report)", officer, path,
                lambda: grow_report(decided_report, MANY - FEW, intake.user), rows=items_of_report)


# --- Lists ------------------------------------------------------------------------------------------


def reports(intake_actor, tilburg, count, start=0):
    for n in range(start, start + count):
        report_about(intake_actor, tilburg, surname=f"Kok{n}")


def test_the_api_work_queue_costs_the_same_with_five_times_the_reports(officer, intake_actor,
                                                                      tilburg, capsys):
    reports(intake_actor, tilburg, FEW)
    assert_flat(capsys, "GET /api/v1/reports/", officer, reverse("intake_api:report-list"),
                lambda: reports(intake_actor, tilburg, MANY - FEW, start=FEW))


def advice_requests(intake_actor, tilburg, count, start=0):
    """Advice requests, every other one converted to a report (the list links to it)."""
    for n in range(start, start + count):
        advice = intake.register_advice(intake_actor, intake.AdviceData(
            channel="phone", asker_type="professional", question="Leerling vertelt over klappen.",
            consent_to_contact=True, asker_name=f"Juf {n}", asker_phone="013-1111111",
            asker_role="onderwijs", asker_sector="onderwijs", municipality_id=tilburg.pk,
            violence_types=["kindermishandeling"]))
        if n % 2:
            intake.convert_advice_to_report(intake_actor, advice)
    assert AdviceRequest.objects.count() >= start + count


@pytest.mark.parametrize("url", ["intake:advice_list", "intake_api:advice-request-list"])
def test_the_advice_list_costs_the_same_with_five_times_the_requests(url, officer, intake_actor,
                                                                     tilburg, capsys):
    advice_requests(intake_actor, tilburg, FEW)
    assert_flat(capsys, f"{reverse(url)} (advice)", officer, reverse(url),
                lambda: advice_requests(intake_actor, tilburg, MANY - FEW, start=FEW))


# --- Who is already known, and merging two records --------------------------------------------------


def known_jansens(intake_actor, tilburg, count, start=0):
    """Persons named Jansen, each with a report (and so a household) behind them; every other
    one's report decided, so a case too."""
    for n in range(start, start + count):
        report = report_about(intake_actor, tilburg, surname="Jansen", bsn=f.test_bsn())
        if n % 2:
            intake.record_assessment(intake_actor, report, acute_unsafety=False,
                                     structural_unsafety=True, triage="structural_serious",
                                     rationale="Herhaald geweld.")
            intake.decide(intake_actor, report, kind="conditions", rationale="Lokaal team erbij.")


def candidates(response) -> int:
    if response.get("Content-Type", "").startswith("application/json"):
        return len(response.json())
    return response.content.decode().count('id="kies-rol-')


@pytest.mark.parametrize(("url", "method", "data", "headers"), [
    ("intake_api:person-candidates", "get", {"surname": "Jansen"}, {}),
    # The search while a report is taken: htmx swaps in the person panel.
    ("intake:report_create", "post", {"action": "search", "zoek-surname": "Jansen"},
     {"HX-Request": "true"}),
])
def test_who_is_known_costs_the_same_with_five_times_the_candidates(
        url, method, data, headers, officer, intake_actor, tilburg, capsys):
    known_jansens(intake_actor, tilburg, 2)
    assert_flat(capsys, f"{method.upper()} {reverse(url)} (candidates)", officer, reverse(url),
                lambda: known_jansens(intake_actor, tilburg, 8, start=2), method=method, data=data,
                headers=headers, rows=candidates)
