"""Issue 11's hard rule: the Expertisecentrum is never a back door to case data.

As the Expertisecentrum's staff (``expertise_staff``: the centre's own records, no client data),
every screen and endpoint of a household, a person, a case, its journal, a report or an advice
request of a seeded world answers the same logged 404 — even for a case the centre itself was made
to take part in, the worst case — the visibility querysets the lists are built on are empty, and an
advice question referred to Veilig Thuis leaves no readable copy here or there.
"""

import pytest

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.cases.permissions import visible_cases
from eendak.expertise import services
from eendak.expertise.models import Question
from eendak.intake.models import AdviceRequest, Report
from eendak.persons.permissions import visible_households, visible_persons
from eendak.testing import factories as f
from eendak.testing.clients import verified_client

from .conftest import actor_for

pytestmark = pytest.mark.django_db

QUESTION = "Een leerling vertelt dat vader moeder slaat; wat nu? (achterdeur-test)"


@pytest.fixture
def seeded(centre, staff_actor, tilburg_team):
    """Two households with a case each (the local team's; the second with the Expertisecentrum made
    a participant, the worst case), and a question from a teacher referred to Veilig Thuis as a
    report and one as an advice request."""
    households = []
    for participants in ((tilburg_team,), (tilburg_team, centre)):
        household = f.HouseholdFactory()
        persons = [f.person_in(household, "parent", bsn=f.test_bsn()), f.person_in(household, "child")]
        case = f.case_for(household, *participants)
        households.append((household, persons, case))
    tilburg = tilburg_team.municipality_id or households[0][0].municipality_id
    asked = services.register_question(staff_actor, services.QuestionData(
        asker_type="professional", topic="child_abuse", question=QUESTION, anonymous=False,
        contact_name="Juf Achterdeur", contact_email="juf@example.test"))
    reported = services.refer_question(staff_actor, asked, as_="report", municipality_id=tilburg)
    advised_q = services.register_question(staff_actor, services.QuestionData(
        asker_type="volunteer", topic="child_abuse", question=QUESTION + " (advies)"))
    advised = services.refer_question(staff_actor, advised_q, as_="advice")
    report = Report.objects.get(reference=reported.referred_reference)
    advice = AdviceRequest.objects.get(reference=advised.referred_reference)
    return households, report, advice, [reported, advised]


def _urls(households, report, advice) -> list[str]:
    urls = ["/api/v1/cases/", "/api/v1/reports/", "/api/v1/advice-requests/",
            f"/intake/meldingen/{report.pk}/", f"/api/v1/reports/{report.pk}/",
            f"/intake/advies/{advice.pk}/", f"/api/v1/advice-requests/{advice.pk}/"]
    for household, persons, case in households:
        urls += [f"/personen/dossiers/{household.pk}/", f"/api/v1/households/{household.pk}/",
                 f"/casussen/{case.pk}/", f"/api/v1/cases/{case.pk}/",
                 f"/casussen/{case.pk}/journaal/", f"/api/v1/cases/{case.pk}/journal/"]
        for person in persons:
            urls += [f"/personen/{person.pk}/", f"/api/v1/persons/{person.pk}/"]
    return urls


def test_every_case_person_household_and_report_is_the_logged_404(staff, seeded):
    households, report, advice, _questions = seeded
    client = verified_client(staff)
    wrong = []
    for url in _urls(households, report, advice):
        since = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = client.get(url)
        entries = list(AccessLogEntry.objects.filter(pk__gt=since))
        mine = [e for e in entries if e.username == staff.user.username]
        if response.status_code != 404:
            wrong.append(f"{url}: HTTP {response.status_code}, expected 404")
        if any(e.outcome == Outcome.SUCCESS for e in entries):
            wrong.append(f"{url}: a success entry for a refused look")
        if not any(e.outcome in (Outcome.NOT_FOUND, Outcome.DENIED) for e in mine):
            wrong.append(f"{url}: the refusal is not in the access log")
        if any(e.person_ids for e in mine):
            wrong.append(f"{url}: the refusal entry names persons")
    assert not wrong, "\n".join(wrong)


def test_nothing_is_visible_to_the_centre(staff, seeded):
    actor = actor_for(staff)
    assert not visible_households(actor).exists()
    assert not visible_persons(actor).exists()
    assert not visible_cases(actor).exists()


def test_a_referred_question_leaves_no_readable_copy(staff, seeded):
    _households, report, advice, questions = seeded
    for question in questions:
        stored = Question.objects.get(pk=question.pk)
        assert stored.status == "referred" and stored.referred_reference
        assert QUESTION not in stored.question
        assert not (stored.contact_name or stored.contact_email or stored.contact_phone)
    # What it said lives at Veilig Thuis only, and the centre cannot read it back there.
    assert QUESTION in report.account
    assert QUESTION in advice.question
    client = verified_client(staff)
    for url in (f"/expertisecentrum/vragen/{questions[0].pk}/",
                f"/api/v1/expertise-questions/{questions[0].pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert QUESTION not in response.content.decode()
        assert "Juf Achterdeur" not in response.content.decode()
