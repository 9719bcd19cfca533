"""The CBS half-year delivery on the real database and task backend (issue 12 part 2).

What must hold: the counts per category and municipality are right; the file and the report publish
them rounded to 5 with ``<5``; the checks explain a report with several kinds of violence, a report
without a reporter, a missing assessment outcome, an investigation without findings and what has no
municipality; the job runs in the worker with progress to the end; each file downloads once and is
logged as an export; a non-analyst gets a logged 404 (screen) or a problem+json 404 (API); a bad or
future half-year is a Dutch message at the field (screen) or a 400 problem+json (API); and building
the delivery costs the same number of queries however many reports there are.
"""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eendak.api.tests.support import assert_problem, body, invalid_names, post_json
from eendak.audit.models import AccessLogEntry, Action, Outcome
from eendak.core.models import Job, JobStatus, Municipality
from eendak.core.roles import Role
from eendak.intake.models import (
    AdviceRequest,
    Decision,
    Investigation,
    InvestigationFinding,
    Report,
    Reporter,
    SafetyAssessment,
)
from eendak.monitoring import cbs, cbs_tasks
from eendak.monitoring.models import CbsDelivery
from eendak.testing import factories as f
from eendak.testing.tasks import run_queued_tasks

from .research_support import actor_for

pytestmark = pytest.mark.django_db
API = "/api/v1"
H1_2025 = cbs.HalfYear(2025, 1)


@pytest.fixture(autouse=True)
def _own_export_root(tmp_path):
    with override_settings(EENDAK_EXPORT_ROOT=tmp_path / "exports"):
        yield


@pytest.fixture
def analyst(vt):
    return f.membership(Role.ANALYST, vt)


def _when(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))


def _report(n, vt, municipality, kinds, *, role="onderwijs", sector="onderwijs", reporter=True,
            day=date(2025, 3, 10), additional=()):
    received = _when(day)
    report = Report.objects.create(
        reference=f"CBS-{n}", received_at=received, channel="phone", organisation=vt,
        municipality=municipality, violence_types=list(kinds), additional_info=list(additional),
        account="synthetisch", assessment_due_at=received + timedelta(days=7), is_synthetic=True)
    if reporter:
        Reporter.objects.create(report=report, is_professional=role != "niet_beroepsmatig",
                                role=role, sector=sector, name=f"Melder {n}")
    return report


@pytest.fixture
def world(vt):
    """H1 2025: Tilburg 7 reports about child abuse (one also partner violence, one without a
    reporter, two assessed with acute unsafety and an outcome), Dongen 2 about partner violence,
    1 without a municipality; one report in H2 (not counted); one advice in Tilburg; two
    investigations completed in May (one confirmed child abuse, one without findings)."""
    tilburg = Municipality.objects.get(cbs_code="GM0855")
    dongen = Municipality.objects.get(cbs_code="GM0766")
    staff = f.membership(Role.VT_INTAKE, vt).user
    reports = []
    for n in range(6):
        kinds = ["kindermishandeling", "partnergeweld"] if n == 0 else ["kindermishandeling"]
        reports.append(_report(n, vt, tilburg, kinds,
                               additional=["seksueel_geweld"] if n < 5 else []))
    reports.append(_report(6, vt, tilburg, ["kindermishandeling"], reporter=False))
    for n in (7, 8):
        _report(n, vt, dongen, ["partnergeweld"], role="niet_beroepsmatig",
                sector="niet_van_toepassing")
    _report(9, vt, None, ["geweld_tegen_ouders"], role="niet_beroepsmatig",
            sector="niet_van_toepassing")
    _report(10, vt, tilburg, ["kindermishandeling"], day=date(2025, 7, 2))
    for report in reports[:2]:
        SafetyAssessment.objects.create(report=report, acute_unsafety=True,
                                        structural_unsafety=False, triage="direct_danger",
                                        rationale="synthetisch", assessed_by=staff,
                                        assessed_role="vt_intake")
        Decision.objects.create(report=report, kind="conditions", rationale="synthetisch",
                                assessment_outcome="vervolgstappen_vt", decided_by=staff)
    confirmed = Investigation.objects.create(report=reports[2], started_on=date(2025, 3, 20),
                                             due_on=date(2025, 5, 20), completed_on=date(2025, 5, 1))
    InvestigationFinding.objects.create(investigation=confirmed, violence_type="kindermishandeling",
                                        result="bevestigd")
    Investigation.objects.create(report=reports[3], started_on=date(2025, 3, 20),
                                 due_on=date(2025, 5, 20), completed_on=date(2025, 5, 2))
    AdviceRequest.objects.create(
        reference="A-CBS-1", received_at=_when(date(2025, 2, 3)), channel="phone",
        asker_type="professional", asker_role="medisch", asker_sector="gezondheidszorg",
        municipality=tilburg, violence_types=["kindermishandeling", "ouderenmishandeling"],
        question="synthetisch", organisation=vt)
    return {"tilburg": tilburg, "dongen": dongen}


def _checks(delivery) -> dict:
    return {check.code: check for check in delivery.checks}


def test_the_counts_per_category_and_municipality(world):
    delivery = cbs.build(H1_2025)
    region, tilburg, dongen = (delivery.counts[k] for k in ("regio", "GM0855", "GM0766"))
    assert region["totaal"] == {"adviezen": 1, "meldingen": 10, "onderzoeken_afgerond": 2}
    assert tilburg["totaal"]["meldingen"] == 7 and dongen["totaal"]["meldingen"] == 2
    assert tilburg["melding_geweld"]["kindermishandeling"] == 7
    assert tilburg["melding_geweld"]["partnergeweld"] == 1
    assert region["melding_geweld"]["partnergeweld"] == 3
    assert region["melding_geweld"]["geweld_tegen_ouders"] == 1
    assert tilburg["melding_rol"]["onderwijs"] == 6 and tilburg["melding_rol"]["onbekend"] == 1
    assert dongen["melding_rol"]["niet_beroepsmatig"] == 2
    assert tilburg["melding_sector"]["onderwijs"] == 6
    assert tilburg["melding_aanvullend"]["seksueel_geweld"] == 5
    assert region["beoordeling_uitkomst"] == {"vervolgstappen_vt": 2, "overdracht": 0,
                                              "geen_vervolgstappen": 0, "regionaal_maatwerk": 0,
                                              "nog_niet_beoordeeld": 8}
    assert region["beoordeling_onveiligheid"] == {"beoordeeld": 2, "acute_onveiligheid": 2,
                                                  "structurele_onveiligheid": 0}
    assert tilburg["onderzoek_uitkomst"]["kindermishandeling/bevestigd"] == 1
    assert tilburg["onderzoek_afronding"] == {"voortijdig_beeindigd": 0, "volledig_afgerond": 2}
    assert tilburg["melding_betrokkenheid"]["niet_ingedeeld"] == 7
    assert tilburg["advies_geweld"]["ouderenmishandeling"] == 1
    assert tilburg["advies_rol"]["medisch"] == 1
    assert sum(delivery.counts[m["code"]]["totaal"]["meldingen"]
               for m in delivery.municipalities) == 9  # the tenth has no municipality


def test_the_checks_explain_what_does_not_add_up(world):
    checks = _checks(cbs.build(H1_2025))
    several = checks["meldingen_meerdere_soorten"]
    assert several.count == 1 and not several.is_error and "11 soorten bij 10 meldingen" in several.reason
    assert checks["adviezen_meerdere_soorten"].count == 1
    assert checks["meldingen_zonder_melder"].count == 1 and checks["meldingen_zonder_melder"].is_error
    overdue = checks["uitkomst_ontbreekt_termijn_verstreken"]
    assert overdue.count == 8 and overdue.is_error and "5 werkdagen" in overdue.reason
    assert checks["meldingen_zonder_beoordeling"].count == 8
    assert checks["onderzoeken_zonder_bevindingen"].count == 1
    assert checks["zonder_gemeente"].count == 1 and "1 meldingen" in checks["zonder_gemeente"].reason
    assert "uitkomst_nog_binnen_termijn" not in checks


def test_file_and_report_publish_rounded_and_suppressed(world):
    report = cbs.build(H1_2025).as_json()
    text = cbs.csv_bytes(report).decode("utf-8-sig")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("eigen code" in line for line in header)
    assert not any(";" in line for line in header)  # one cell each: a reader can skip them
    rows = list(csv.DictReader(io.StringIO("\n".join(line for line in text.splitlines()
                                                     if not line.startswith("#"))), delimiter=";"))
    cell = {(r["gebied"], r["tabel"], r["categorie"]): r["aantal"] for r in rows}
    assert cell[("regio", "totaal", "meldingen")] == "10"
    assert cell[("GM0855", "totaal", "meldingen")] == "5"  # 7 rounded to a multiple of 5
    assert cell[("GM0766", "totaal", "meldingen")] == "<5"
    assert cell[("regio", "melding_geweld", "partnergeweld")] == "<5"
    assert cell[("regio", "beoordeling_uitkomst", "nog_niet_beoordeeld")] == "10"  # 8
    assert {r["codebron"] for r in rows} == {"eendak"}  # no CBS codes known yet
    assert all(r["aantal"] == "<5" or int(r["aantal"]) % 5 == 0 for r in rows)
    assert len(rows) == len({(r["gebied"], r["tabel"], r["categorie"]) for r in rows})
    tables = {t["code"]: t for t in cbs.report_tables(report)}
    totals = {row["code"]: row["values"] for row in tables["totaal"]["rows"]}
    names = [m["code"] for m in report["municipalities"]]
    assert totals["meldingen"][0] == "10"
    assert totals["meldingen"][1 + names.index("GM0855")] == "5"
    assert totals["meldingen"][1 + names.index("GM0766")] == "<5"


def test_a_code_in_the_remapping_table_is_used_and_marked_cbs(world, monkeypatch):
    monkeypatch.setitem(cbs.CBS_EXPORT_CODES, "violence_type", {"kindermishandeling": "KM01"})
    text = cbs.csv_bytes(cbs.build(H1_2025).as_json()).decode("utf-8-sig")
    assert ";melding_geweld;KM01;cbs;5" in text


@pytest.mark.parametrize("typed", ["2026-H3", "H1-2025", "2099-H1", "", "2014-H2"])
def test_a_bad_half_year_is_a_dutch_message_at_the_field(login_as, analyst, typed):
    client = login_as(analyst)
    response = client.post(reverse("monitoring:cbs_start"), {"half_year": typed})
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == ["half_year"]
    assert any(word in form.errors["half_year"][0] for word in ("halfjaar", "Veilig Thuis"))
    assert f'value="{typed}"' in response.content.decode() or not typed
    assert not CbsDelivery.objects.exists() and not Job.objects.exists()


def test_the_delivery_runs_as_a_job_and_each_file_downloads_once_logged(login_as, analyst, world):
    client = login_as(analyst)
    page = client.get(reverse("monitoring:cbs_start"))
    assert page.status_code == 200 and 'name="half_year"' in page.content.decode()
    started = client.post(reverse("monitoring:cbs_start"), {"half_year": "2025-H1"})
    delivery = CbsDelivery.objects.get()
    assert started.status_code == 302 and started["Location"] == reverse(
        "monitoring:cbs_delivery", args=[delivery.pk])
    waiting = client.get(started["Location"]).content.decode()
    assert "eendak-job" in waiting and "<progress" in waiting
    assert run_queued_tasks() == 1
    job = Job.objects.get(pk=delivery.job_id)
    assert job.status == JobStatus.DONE and job.percent == 100 and job.done == job.total
    shown = client.get(started["Location"]).content.decode()
    assert "meldingen_meerdere_soorten" in shown and "Meldingen zonder vastgelegde melder" in shown
    assert "uitkomst_ontbreekt_termijn_verstreken" in shown and "&lt;5" in shown

    since = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    got = client.post(reverse("monitoring:cbs_download_csv", args=[delivery.pk]))
    assert got.status_code == 200 and got["Content-Type"].startswith("text/csv")
    assert b"regio;totaal;meldingen;eendak;10" in b"".join(got.streaming_content).replace(
        b"Hart van Brabant;", b"")
    pdf = client.post(reverse("monitoring:cbs_download_pdf", args=[delivery.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    entries = list(AccessLogEntry.objects.filter(pk__gt=since, event="cbs.delivery_downloaded"))
    assert [(e.action, e.user_id) for e in entries] == [(Action.EXPORT, analyst.user_id)] * 2
    again = client.post(reverse("monitoring:cbs_download_csv", args=[delivery.pk]), follow=True)
    assert "één keer" in again.content.decode()
    assert not any((cbs_tasks.jobs.export_root()).glob("cbs-*"))


def test_a_non_analyst_gets_a_logged_404(login_as, vt, analyst, world):
    delivery = cbs_tasks.start_delivery(actor_for(analyst), "2025-H1")
    run_queued_tasks()
    for membership in (f.membership(Role.VT_INTAKE, vt), f.membership(Role.ANALYST, vt)):
        client = login_as(membership)
        since = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        urls = [reverse("monitoring:cbs_delivery", args=[delivery.pk])]
        if membership.role != Role.ANALYST:
            urls.append(reverse("monitoring:cbs_start"))
        for url in urls:
            assert client.get(url).status_code == 404
        assert client.post(reverse("monitoring:cbs_download_csv",
                                   args=[delivery.pk])).status_code == 404
        refused = AccessLogEntry.objects.filter(pk__gt=since, outcome=Outcome.DENIED)
        assert refused.count() == len(urls) + 1
        api = client.get(f"{API}/cbs-deliveries/{delivery.pk}/")
        assert_problem(api, 404)
        assert_problem(post_json(client, f"{API}/cbs-deliveries/{delivery.pk}/csv/"), 404)
    assert CbsDelivery.objects.get().csv_downloaded_at is None


def test_the_api_starts_reads_and_downloads(login_as, analyst, world):
    client = login_as(analyst)
    started = post_json(client, f"{API}/cbs-deliveries/", {"halfYear": "2025-H1"})
    assert started.status_code == 202, started.content
    data = body(started)
    assert data["status"] == "queued" and data["halfYear"] == "2025-H1"
    run_queued_tasks()
    detail = body(client.get(f"{API}/cbs-deliveries/{data['id']}/"))
    assert detail["status"] == "ready" and detail["done"] == detail["total"]
    figures = detail["report"]["figures"]
    assert figures["regio"]["totaal"]["meldingen"] == "10"
    assert figures["GM0766"]["totaal"]["meldingen"] == "<5"
    assert "meldingen_meerdere_soorten" in {c["code"] for c in detail["report"]["checks"]}
    got = post_json(client, f"{API}/cbs-deliveries/{data['id']}/csv/")
    assert got.status_code == 200 and got["Content-Type"].startswith("text/csv")
    assert_problem(post_json(client, f"{API}/cbs-deliveries/{data['id']}/csv/"), 410)
    events = list(AccessLogEntry.objects.filter(user=analyst.user).values_list("event", flat=True))
    assert {"cbs.delivery_started", "cbs.delivery_read", "cbs.delivery_downloaded"} <= set(events)


@pytest.mark.parametrize("typed", ["2025-H7", "2099-H2", ""])
def test_a_bad_half_year_is_a_400_problem_in_dutch(login_as, analyst, typed):
    client = login_as(analyst)
    response = post_json(client, f"{API}/cbs-deliveries/", {"halfYear": typed})
    assert_problem(response, 400)
    assert invalid_names(response) == {"halfYear"}
    assert "halfjaar" in response.content.decode()
    assert not CbsDelivery.objects.exists()
    assert AccessLogEntry.objects.filter(event="cbs.change_refused",
                                         outcome=Outcome.FAILED).exists()


def _reports(vt, count, start):
    municipalities = list(Municipality.objects.order_by("name"))
    for n in range(start, start + count):
        report = _report(1000 + n, vt, municipalities[n % len(municipalities)],
                         ["kindermishandeling", "partnergeweld"][: 1 + n % 2], reporter=n % 3 != 0)
        if n % 2:
            investigation = Investigation.objects.create(
                report=report, started_on=date(2025, 3, 20), due_on=date(2025, 5, 20),
                completed_on=date(2025, 5, 1))
            InvestigationFinding.objects.create(investigation=investigation,
                                                violence_type="kindermishandeling",
                                                result="weerlegd")


def test_building_the_delivery_costs_the_same_queries_with_five_times_the_reports(vt):
    _reports(vt, 6, 0)
    with CaptureQueriesContext(connection) as few:
        small = cbs.build(H1_2025)
    _reports(vt, 30, 6)
    with CaptureQueriesContext(connection) as many:
        large = cbs.build(H1_2025)
    assert large.counts["regio"]["totaal"]["meldingen"] == 36 > small.counts["regio"]["totaal"][
        "meldingen"]
    assert len(many.captured_queries) == len(few.captured_queries)


def test_my_work_links_the_analyst_to_the_delivery(login_as, vt, analyst):
    start = reverse("core:home")
    assert reverse("monitoring:cbs_start") in login_as(analyst).get(start).content.decode()
    other = login_as(f.membership(Role.VT_INTAKE, vt)).get(start).content.decode()
    assert reverse("monitoring:cbs_start") not in other
