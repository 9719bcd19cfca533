"""Taking a report in the UI: the person search panel (with and without htmx), picking known persons
and adding new ones in one POST, bad input that keeps everything typed, and a double submission."""

import random
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.audit.models import AccessLogEntry, Action
from eendak.intake import services as intake
from eendak.intake.models import Report
from eendak.persons.models import BSNStatus, Person, PersonBSN
from eendak.persons.registry import PersonData
from eendak.testing import factories as f

URL = "/intake/meldingen/nieuw/"


def received_moment() -> str:
    return (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")


def form_data(tilburg, **overrides) -> dict:
    """What an officer types for a resident's phone call about the neighbours."""
    data = {
        "action": "save",
        "submission_key": "sleutel-1",
        "channel": "phone",
        "received_at": received_moment(),
        "reporter_name": "Mw. J. de Vries",
        "reporter_relation": "buurvrouw",
        "reporter_phone": "06-12345678",
        "reporter_role": "niet_beroepsmatig",
        "reporter_sector": "niet_van_toepassing",
        "violence_types": ["partnergeweld", "kindermishandeling"],
        "additional_info": [],
        "duration": "1_6_maanden",
        "account": "Hoort bijna elke avond geschreeuw; het kind huilde gisteren lang op het balkon.",
        "municipality": str(tilburg.pk),
        "nieuw-TOTAL_FORMS": "2",
        "nieuw-INITIAL_FORMS": "0",
        "nieuw-MIN_NUM_FORMS": "0",
        "nieuw-MAX_NUM_FORMS": "30",
        "nieuw-0-role": "victim",
        "nieuw-0-given_names": "Sanne",
        "nieuw-0-surname": "Jansen",
        "nieuw-0-date_of_birth": "12-03-1990",
        "nieuw-0-sex": "V",
        "nieuw-0-bsn_status": "known",
        "nieuw-0-bsn": f.test_bsn(random.Random(7)),
        "nieuw-1-role": "child",
        "nieuw-1-given_names": "Daan",
        "nieuw-1-surname": "Jansen",
        "nieuw-1-date_of_birth": "03-09-2017",
        "nieuw-1-bsn_status": "absent",
    }
    data.update(overrides)
    return data


@pytest.fixture
def officer(intake, login_as):
    return login_as(intake)


@pytest.fixture
def known_father(intake_actor, tilburg):
    """Kees van der Berg, known from an earlier police report."""
    report = intake.register_report(intake_actor, intake.ReportData(
        channel="police", account="Ruzie, politie ter plaatse.", violence_types=["partnergeweld"],
        reporter=intake.ReporterData(name="Agent B. Smit", is_professional=True),
        municipality_id=tilburg.pk, received_at=timezone.now() - timedelta(days=1),
        involved=[intake.InvolvedPerson("suspect", data=PersonData(
            given_names="Kees", surname="van der Berg", date_of_birth=date(1985, 1, 30),
            municipality_id=tilburg.pk))],
    ))
    return report.involved.get().person, report


@pytest.mark.django_db
def test_form_starts_with_a_fresh_submission_key_and_now(officer):
    first = officer.get(URL).content.decode()
    second = officer.get(URL).content.decode()
    key = re.compile(r'name="submission_key" value="(\w+)"')
    assert key.search(first).group(1) != key.search(second).group(1)
    assert timezone.localtime().strftime("%Y-%m-%dT") in first


@pytest.mark.django_db
def test_search_finds_the_known_person_despite_a_typo_and_logs_the_search(officer, tilburg,
                                                                          known_father):
    father, earlier = known_father
    response = officer.post(URL, form_data(tilburg, **{
        "action": "search", "zoek-surname": "vd Bergh", "zoek-given_names": "Kees",
        "zoek-date_of_birth": "30-01-1985"}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Kees van der Berg" in html
    assert "geboortedatum gelijk" in html  # the score's reasons are shown
    assert earlier.reference in html  # the earlier report
    # Nothing was judged yet: the half-filled report shows no errors, and nothing was stored.
    assert "Controleer de gemarkeerde velden" not in html
    assert Report.objects.count() == 1
    entry = AccessLogEntry.objects.filter(event="person.search").get()
    assert entry.action == Action.SEARCH and father.pk in entry.person_ids
    # Everything typed so far is still there.
    assert "Mw. J. de Vries" in html and "het kind huilde gisteren" in html and "Sanne" in html


@pytest.mark.django_db
def test_search_through_htmx_returns_only_the_person_panel(officer, tilburg, known_father):
    response = officer.post(URL, form_data(tilburg, **{"action": "search", "zoek-surname": "Berg"}),
                            headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="person-panel"')
    assert "<html" not in html and "Kees van der Berg" in html


@pytest.mark.django_db
def test_search_by_bsn_needs_a_valid_bsn(officer, tilburg):
    response = officer.post(URL, form_data(tilburg, **{"action": "search", "zoek-bsn": "123456789"}))
    assert "voldoet niet aan de elfproef" in response.content.decode()
    assert not AccessLogEntry.objects.filter(event="person.search").exists()


@pytest.mark.django_db
def test_report_with_a_known_and_two_new_persons_in_one_post(officer, tilburg, known_father):
    father, earlier = known_father
    data = form_data(tilburg, gekozen=[str(father.pk)], **{f"gekozen-rol-{father.pk}": "suspect"})

    response = officer.post(URL, data, follow=True)

    report = Report.objects.exclude(pk=earlier.pk).get()
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("intake:report_detail", args=[report.pk])
    assert f"Melding {report.reference} is geregistreerd" in html
    assert "moet uiterlijk" in html
    roles = dict(report.involved.values_list("person__given_names", "role"))
    assert roles == {"Kees": "suspect", "Sanne": "victim", "Daan": "child"}
    # The known father brings his household: the report joins it, and is a follow-up report.
    assert report.household_id == earlier.household_id
    assert report.prior_involvement == "vervolg_tijdens_beoordeling"
    assert report.reporter.name == "Mw. J. de Vries"
    assert PersonBSN.objects.get(person__given_names="Daan").status == BSNStatus.ABSENT
    assert report.violence_types == ["partnergeweld", "kindermishandeling"]


@pytest.mark.django_db
def test_bsn_withheld_for_safety(officer, tilburg):
    officer.post(URL, form_data(tilburg, **{"nieuw-0-bsn_status": "withheld", "nieuw-0-bsn": ""}))
    assert PersonBSN.objects.get(person__given_names="Sanne").status == BSNStatus.WITHHELD


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "message"), [
    ({"nieuw-0-bsn": "123456789"}, "voldoet niet aan de elfproef"),
    ({"nieuw-0-date_of_birth": "31-02-1990"}, "Deze datum bestaat niet"),
    ({"nieuw-0-date_of_birth": "01-01-2090"}, "De geboortedatum ligt in de toekomst."),
    ({"violence_types": []}, "Kies ten minste één soort geweld"),
    ({"account": "   "}, "Beschrijf wat de melder heeft gezien of gehoord."),
    ({"reporter_name": ""}, "registreer dan een adviesvraag"),
    ({"nieuw-0-role": ""}, "Kies de rol van deze persoon in de melding."),
])
def test_bad_input_shows_a_dutch_message_keeps_everything_and_saves_nothing(
        officer, tilburg, known_father, overrides, message):
    father, _ = known_father
    persons_before = Person.objects.count()
    data = form_data(tilburg, gekozen=[str(father.pk)], **{f"gekozen-rol-{father.pk}": "suspect"})
    data.update(overrides)

    response = officer.post(URL, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Er is nog niets opgeslagen" in html
    assert Report.objects.count() == 1 and Person.objects.count() == persons_before
    # Everything typed stays: the report, both new person rows, and the chosen known person.
    for typed in ("06-12345678", 'value="Sanne"', 'value="Daan"', 'value="03-09-2017"'):
        assert typed in html
    if "account" not in overrides:
        assert "het kind huilde gisteren" in html
    if "reporter_name" not in overrides:
        assert "Mw. J. de Vries" in html
    assert re.search(rf'name="gekozen" value="{father.pk}"[^>]*checked', html)
    assert 'name="submission_key" value="sleutel-1"' in html


@pytest.mark.django_db
def test_known_person_without_a_role_is_refused_at_that_person(officer, tilburg, known_father):
    father, _ = known_father
    response = officer.post(URL, form_data(tilburg, gekozen=[str(father.pk)]))
    html = response.content.decode()
    assert f'id="gekozen-rol-{father.pk}-fout"' in html
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_new_person_with_an_existing_bsn_is_sent_to_the_search(officer, tilburg, intake_actor):
    bsn = f.test_bsn(random.Random(11))
    intake.register_report(intake_actor, intake.ReportData(
        channel="phone", account="x", violence_types=["onbekend"],
        reporter=intake.ReporterData(name="Melder"), municipality_id=tilburg.pk,
        involved=[intake.InvolvedPerson("victim", data=PersonData(given_names="Eva",
                                                                  surname="Mol", bsn=bsn))]))
    response = officer.post(URL, form_data(tilburg, **{"nieuw-0-bsn": bsn}))
    assert "Er bestaat al een persoon met dit BSN" in response.content.decode()
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_adding_a_row_without_javascript_keeps_the_rows_and_judges_nothing(officer, tilburg):
    data = form_data(tilburg, action="add_person", account="")
    response = officer.post(URL, data)
    html = response.content.decode()
    assert 'name="nieuw-TOTAL_FORMS" value="3"' in html
    assert 'name="nieuw-2-given_names"' in html
    assert 'value="Sanne"' in html and 'value="Daan"' in html
    assert "Controleer de gemarkeerde velden" not in html
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_double_submission_creates_one_report(officer, tilburg):
    data = form_data(tilburg)
    first = officer.post(URL, data)
    second = officer.post(URL, data)
    assert Report.objects.count() == 1
    report = Report.objects.get()
    assert first["Location"] == second["Location"] == reverse("intake:report_detail",
                                                              args=[report.pk])
    assert Person.objects.filter(surname="Jansen").count() == 2


@pytest.mark.django_db
def test_received_in_the_future_is_refused_at_the_field(officer, tilburg):
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = officer.post(URL, form_data(tilburg, received_at=later))
    assert "Het moment van ontvangst ligt in de toekomst." in response.content.decode()
    assert not Report.objects.exists()
