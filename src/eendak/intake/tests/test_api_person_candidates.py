"""/person-candidates/: is this person already known? Tolerant of typing errors, swapped day and
month, prefixes and birth names; exact on BSN; each candidate with their history at Veilig Thuis."""

import pytest

from eendak.core.actors import Actor
from eendak.core.models import Organisation
from eendak.core.roles import OrganisationType, Role
from eendak.intake import services as intake_services
from eendak.testing import factories as f

from .api_helpers import API, assert_problem, body, police_report, post_json

pytestmark = pytest.mark.django_db
URL = f"{API}/person-candidates/"


@pytest.fixture
def known(login_as, intake, tilburg_team):
    """Fatma Yilmaz (BSN 999990019) and Kees van der Berg, known from a report under investigation."""
    client = login_as(intake)
    report = body(post_json(client, f"{API}/reports/", police_report()))
    url = f"{API}/reports/{report['id']}/"
    post_json(client, f"{url}assessment/", {"acuteUnsafety": True, "structuralUnsafety": True,
                                            "triage": "direct_danger", "rationale": "Gevaar."})
    decided = body(post_json(client, f"{url}decision/", {"kind": "investigation",
                                                         "rationale": "Onderzoek."}))
    return client, decided


@pytest.mark.parametrize(("query", "name"), [
    ({"bsn": "9999 90 019"}, "Fatma Yilmaz"),
    ({"surname": "Yilmas", "givenNames": "Fatma", "dateOfBirth": "1988-04-12"}, "Fatma Yilmaz"),
    ({"surname": "Yılmaz", "dateOfBirth": "1988-12-04"}, "Fatma Yilmaz"),
    ({"surname": "Van der Berg", "givenNames": "Kees", "dateOfBirth": "1985-01-30"},
     "Kees van der Berg"),
    ({"surname": "berg", "dateOfBirth": "1985-01-30"}, "Kees van der Berg"),
], ids=["bsn", "typo", "diacritic-and-swapped-date", "prefix", "without-prefix"])
def test_finds_the_known_person(known, query, name):
    client, _ = known

    response = client.get(URL, query)

    assert response.status_code == 200
    assert body(response)[0]["fullName"] == name


def test_each_candidate_shows_score_reasons_masked_bsn_reports_and_cases(known):
    client, decided = known

    [fatma] = body(client.get(URL, {"bsn": "999990019"}))

    assert fatma["score"] == 100.0 and fatma["reasons"] == ["BSN gelijk"]
    assert fatma["bsn"].endswith("019") and "99999" not in fatma["bsn"]
    assert fatma["reports"] == [{"reference": decided["reference"],
                                 "receivedAt": decided["receivedAt"], "status": "decided"}]
    assert fatma["cases"] == [{"id": decided["decision"]["case"]["id"],
                               "reference": decided["decision"]["case"]["reference"],
                               "status": "open"}]


def test_unknown_person_gives_an_empty_list(known):
    client, _ = known

    assert body(client.get(URL, {"surname": "Pietersen", "dateOfBirth": "2001-07-07"})) == []
    other_bsn = next(b for b in iter(f.test_bsn, None) if b != "999990019")
    assert body(client.get(URL, {"bsn": other_bsn})) == []


@pytest.mark.parametrize(("query", "field"), [
    ({}, "surname"),
    ({"givenNames": "Fatma", "dateOfBirth": "1988-04-12"}, "surname"),
    ({"bsn": "123456789"}, "bsn"),
    ({"surname": "Yilmaz", "dateOfBirth": "12-04-1988"}, "dateOfBirth"),
], ids=["nothing", "no-surname", "bsn-11-test", "bad-date"])
def test_a_query_without_a_usable_criterion_is_400(login_as, intake, query, field):
    response = login_as(intake).get(URL, query)

    problem = assert_problem(response, 400)
    assert field in {p["name"] for p in problem["invalidParams"]}


def test_reports_of_another_veilig_thuis_are_not_shown(known, police_report_data):
    """Earlier reports follow the access rules: only this Veilig Thuis's own."""
    client, decided = known
    other_vt = Organisation.objects.create(name="Veilig Thuis Elders",
                                           type=OrganisationType.VEILIG_THUIS)
    member = f.membership(Role.VT_INTAKE, other_vt)
    member.user.acting_membership = member
    fatma = intake_services.Report.objects.get(pk=decided["id"]).involved.get(role="victim").person
    intake_services.register_report(Actor(user=member.user, membership=member), police_report_data(
        involved=[intake_services.InvolvedPerson("victim", person=fatma)]))

    [candidate] = body(client.get(URL, {"bsn": "999990019"}))

    assert [r["reference"] for r in candidate["reports"]] == [decided["reference"]]
