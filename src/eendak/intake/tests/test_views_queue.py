"""The intake officer's work queue: nearest deadline first, with the right signal on each report —
across a weekend and a public holiday — filters, one access-log entry per page, and a fixed number
of queries however long the page is."""

import re
from datetime import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eendak.audit.models import AccessLogEntry
from eendak.core.models import Municipality
from eendak.intake import services as intake
from eendak.intake import views
from eendak.persons.registry import PersonData


def local(y, m, d, hour=10, minute=0):
    return timezone.make_aware(datetime(y, m, d, hour, minute))


def make_report(actor, municipality, *, received_at, acute=False, surname="Visser"):
    return intake.register_report(actor, intake.ReportData(
        channel="phone", account="Bijna elke avond geschreeuw en gebonk bij de buren.",
        violence_types=["partnergeweld"], reporter=intake.ReporterData(name="Mw. P. Bakker"),
        received_at=received_at, is_acute=acute, municipality_id=municipality.pk,
        involved=[intake.InvolvedPerson("victim", data=PersonData(given_names="Anna",
                                                                  surname=surname))],
    ))


def rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return body.split("<tr>")[1:]


def signal_of(html: str, reference: str) -> tuple[str, str]:
    row = next(r for r in rows(html) if reference in r)
    match = re.search(r'data-signal="(\w+)">([^<]+)<', row)
    return match.group(1), match.group(2).strip()


def frozen(moment):
    return mock.patch("eendak.intake.queries.now", return_value=moment)


@pytest.fixture
def officer(intake, login_as):
    return login_as(intake)


@pytest.mark.django_db
def test_queue_orders_by_deadline_and_counts_holiday_and_weekend(officer, intake_actor, tilburg):
    # Liberation Day (Monday 5 May 2025) and the weekend do not count as working days.
    overdue = make_report(intake_actor, tilburg, received_at=local(2025, 4, 28))    # due Tue 6 May
    today = make_report(intake_actor, tilburg, received_at=local(2025, 4, 29))      # due Wed 7 May
    holiday = make_report(intake_actor, tilburg, received_at=local(2025, 4, 30))    # due Thu 8 May
    weekend = make_report(intake_actor, tilburg, received_at=local(2025, 5, 2))     # due Mon 12 May
    acute = make_report(intake_actor, tilburg, received_at=local(2025, 5, 7, 9), acute=True)

    with frozen(local(2025, 5, 7, 12)):
        html = officer.get(reverse("intake:queue")).content.decode()

    order = [ref for row in rows(html) for ref in re.findall(r"M-2025-\d{6}", row)]
    assert order == [overdue.reference, today.reference, acute.reference, holiday.reference,
                     weekend.reference]
    assert signal_of(html, overdue.reference) == ("overdue", "Te laat")
    assert signal_of(html, today.reference) == ("today", "Vandaag")
    assert signal_of(html, acute.reference) == ("acute", "Acuut")
    # Without the holiday this report would be due today; with it, one working day is left.
    assert signal_of(html, holiday.reference) == ("days", "nog 1 werkdag")
    assert signal_of(html, weekend.reference) == ("days", "nog 3 werkdagen")


@pytest.mark.django_db
def test_friday_before_a_monday_deadline_is_one_working_day(officer, intake_actor, tilburg):
    report = make_report(intake_actor, tilburg, received_at=local(2025, 5, 2))  # due Mon 12 May
    with frozen(local(2025, 5, 9, 16)):
        html = officer.get(reverse("intake:queue")).content.decode()
    assert signal_of(html, report.reference) == ("days", "nog 1 werkdag")
    with frozen(local(2025, 5, 12, 8)):
        html = officer.get(reverse("intake:queue")).content.decode()
    assert signal_of(html, report.reference) == ("today", "Vandaag")
    with frozen(local(2025, 5, 13, 0, 1)):
        html = officer.get(reverse("intake:queue")).content.decode()
    assert signal_of(html, report.reference) == ("overdue", "Te laat")


@pytest.mark.django_db
def test_queue_shows_only_open_reports_with_their_details(officer, intake_actor, tilburg):
    waiting = make_report(intake_actor, tilburg, received_at=local(2025, 5, 2))
    decided = make_report(intake_actor, tilburg, received_at=local(2025, 5, 1), surname="Smit")
    intake.record_assessment(intake_actor, decided, acute_unsafety=False, structural_unsafety=False,
                             triage="none", rationale="Geen zorgen.")
    intake.decide(intake_actor, decided, kind="end", rationale="Geen bemoeienis nodig.")

    html = officer.get(reverse("intake:queue")).content.decode()

    assert waiting.reference in html and decided.reference not in html
    row = next(r for r in rows(html) if waiting.reference in r)
    for text in ("Telefoon", "Tilburg", "(Ex-)partnergeweld", "1e melding",
                 "Ontvangen – veiligheidsbeoordeling nodig", "02-05-2025 10:00"):
        assert text in row


@pytest.mark.django_db
def test_filters_status_municipality_and_overdue(officer, intake_actor, tilburg):
    goirle = Municipality.objects.get(name="Goirle")
    in_tilburg = make_report(intake_actor, tilburg, received_at=local(2025, 5, 2))
    in_goirle = make_report(intake_actor, goirle, received_at=local(2025, 5, 2), surname="Smit")
    assessed = make_report(intake_actor, tilburg, received_at=timezone.now(), surname="Mol")
    intake.record_assessment(intake_actor, assessed, acute_unsafety=False,
                             structural_unsafety=True, triage="structural_serious",
                             rationale="Structureel onveilig.")

    html = officer.get(reverse("intake:queue"), {"municipality": goirle.pk}).content.decode()
    assert in_goirle.reference in html and in_tilburg.reference not in html

    html = officer.get(reverse("intake:queue"), {"status": "assessed"}).content.decode()
    assert assessed.reference in html and in_tilburg.reference not in html

    html = officer.get(reverse("intake:queue"), {"overdue": "on"}).content.decode()
    assert in_tilburg.reference in html and in_goirle.reference in html
    assert assessed.reference not in html


@pytest.mark.django_db
def test_one_log_entry_per_page_naming_the_persons_on_it(officer, intake_actor, tilburg,
                                                         monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    reports = [make_report(intake_actor, tilburg, received_at=local(2025, 5, day),
                           surname=f"Visser{day}") for day in (1, 2, 5)]
    persons = [set(r.involved.values_list("person_id", flat=True)) for r in reports]
    before = AccessLogEntry.objects.count()

    first = officer.get(reverse("intake:queue"))
    second = officer.get(reverse("intake:queue"), {"page": 2})

    assert first.status_code == second.status_code == 200
    entries = list(AccessLogEntry.objects.filter(event="report.queue").order_by("id"))
    assert AccessLogEntry.objects.count() == before + 2
    assert set(entries[0].person_ids) == persons[0] | persons[1]
    assert set(entries[1].person_ids) == persons[2]
    assert "Pagina 2 van 2" in second.content.decode()


def _queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("intake:queue"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_number_of_reports(officer, intake_actor, tilburg):
    for i in range(3):
        make_report(intake_actor, tilburg, received_at=local(2025, 5, 2), surname=f"Kok{i}")
    with_three = _queue_queries(officer)
    for i in range(3, 15):
        make_report(intake_actor, tilburg, received_at=local(2025, 5, 2), surname=f"Kok{i}")
    with_fifteen = _queue_queries(officer)
    assert with_fifteen == with_three
