"""The review of a break-the-glass grant: by the privacy officer or log administrator of the grant's
organisation, once, with a note; the overdue reviews are a signal on their "Mijn werk"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.audit.models import AccessLogEntry, EmergencyAccess, Outcome
from eendak.core.actors import Actor
from eendak.core.exceptions import NotPermitted, RuleViolation
from eendak.core.roles import Role
from eendak.privacy import services as privacy
from eendak.privacy.models import EmergencyReview, ReviewOutcome
from eendak.testing import factories as f

from .conftest import PASSWORD, assert_problem, body, invalid_names, post_json

pytestmark = pytest.mark.django_db

REASON = "Kind met letsel op de Spoedplein, ouders onbereikbaar, eerdere zorgen nagaan."
NOTE = "Acuut letsel, de reden past bij wat er geopend is."


def _actor(membership):
    membership.user.acting_membership = membership
    return Actor(membership.user, membership)


@pytest.fixture
def hospital_officer(hospital):
    return f.membership(Role.PRIVACY_OFFICER, hospital)


@pytest.fixture
def hospital_log_admin(hospital):
    return f.membership(Role.LOG_ADMIN, hospital)


@pytest.fixture
def grant(clinician, household_with_case):
    household, _case, _persons = household_with_case
    return privacy.grant_emergency_access(_actor(clinician), clinician.user, household,
                                          reason=REASON, password=PASSWORD)


def _age(grant, days):
    EmergencyAccess.objects.filter(pk=grant.pk).update(
        granted_at=timezone.now() - timedelta(days=days),
        expires_at=timezone.now() - timedelta(days=days) + timedelta(hours=4))
    grant.refresh_from_db()
    return grant


# --- The rule (privacy.services.review_emergency_grant) ----------------------------------------------


@pytest.mark.parametrize("who", ["hospital_officer", "hospital_log_admin"])
def test_the_grants_organisation_reviews_it_once_and_it_is_logged(request, grant, who,
                                                                   household_with_case):
    reviewer = request.getfixturevalue(who)
    _household, _case, persons = household_with_case
    review = privacy.review_emergency_grant(_actor(reviewer), grant, ReviewOutcome.JUSTIFIED, NOTE)

    assert (review.outcome, review.note, review.reviewer) == ("justified", NOTE, reviewer.user)
    entry = AccessLogEntry.objects.filter(event="emergency_access.reviewed").get()
    assert (entry.username, entry.outcome, entry.object_id) == (
        reviewer.user.username, Outcome.SUCCESS, str(grant.pk))
    assert set(entry.person_ids) == {p.pk for p in persons}

    with pytest.raises(RuleViolation, match="al beoordeeld"):
        privacy.review_emergency_grant(_actor(reviewer), grant, ReviewOutcome.NOT_JUSTIFIED,
                                       "Toch niet gerechtvaardigd, bij nader inzien.")
    assert EmergencyReview.objects.get().outcome == "justified"


def test_another_organisations_officer_gets_a_logged_404(login_as, privacy_officer, grant):
    """The privacy officer of Veilig Thuis judges Veilig Thuis's grants, not the hospital's."""
    with pytest.raises(NotPermitted):
        privacy.review_emergency_grant(_actor(privacy_officer), grant, "justified", NOTE)

    client = login_as(privacy_officer)
    response = client.post(reverse("privacy:emergency_review", args=[grant.pk]),
                           {f"r{grant.pk}-outcome": "justified", f"r{grant.pk}-note": NOTE})
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(event="privacy.review_emergency_access",
                                         outcome=Outcome.DENIED,
                                         username=privacy_officer.user.username).exists()
    assert not EmergencyReview.objects.exists()


def test_nobody_reviews_their_own_grant(hospital, household_with_case):
    """One user, two roles at the hospital: the grant broken as clinician is not theirs to judge."""
    household, _case, _persons = household_with_case
    clinician = f.membership(Role.HOSPITAL_CLINICIAN, hospital)
    officer = f.membership(Role.PRIVACY_OFFICER, hospital, user=clinician.user)
    grant = privacy.grant_emergency_access(_actor(clinician), clinician.user, household,
                                           reason=REASON, password=PASSWORD)
    with pytest.raises(RuleViolation, match="eigen noodtoegang"):
        privacy.review_emergency_grant(_actor(officer), grant, "justified", NOTE)
    assert not EmergencyReview.objects.exists()


@pytest.mark.parametrize(("outcome", "note", "field", "message"), [
    ("", NOTE, "outcome", "Kies of de noodtoegang gerechtvaardigd was of niet."),
    ("not_justified", "", "note", "Licht toe waarom de noodtoegang niet gerechtvaardigd was"),
    ("justified", "kort", "note", "Schrijf een toelichting"),
])
def test_bad_input_is_a_dutch_message_and_nothing_changes(hospital_officer, grant, outcome, note,
                                                          field, message):
    with pytest.raises(RuleViolation) as raised:
        privacy.review_emergency_grant(_actor(hospital_officer), grant, outcome, note)
    assert raised.value.field == field and raised.value.message.startswith(message)
    assert not EmergencyReview.objects.exists()
    assert not AccessLogEntry.objects.filter(event="emergency_access.reviewed").exists()


# --- The screens ---------------------------------------------------------------------------------------


def test_the_report_shows_the_form_and_keeps_what_was_typed(login_as, hospital_officer, grant):
    client = login_as(hospital_officer)
    html = client.get(reverse("privacy:emergency_report")).content.decode()
    assert "Te beoordelen" in html and "Beoordelen" in html
    assert reverse("privacy:emergency_review", args=[grant.pk]) in html

    typed = "Nog niet duidelijk waarom"
    response = client.post(reverse("privacy:emergency_review", args=[grant.pk]),
                           {f"r{grant.pk}-outcome": "not_justified", f"r{grant.pk}-note": "kort"})
    assert response.status_code == 400
    assert "Licht toe waarom de noodtoegang niet gerechtvaardigd was" in response.content.decode()
    response = client.post(reverse("privacy:emergency_review", args=[grant.pk]),
                           {f"r{grant.pk}-note": typed})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kies of de noodtoegang gerechtvaardigd was of niet." in html and typed in html
    assert not EmergencyReview.objects.exists()

    response = client.post(reverse("privacy:emergency_review", args=[grant.pk]),
                           {f"r{grant.pk}-outcome": "not_justified", f"r{grant.pk}-note": NOTE})
    assert response.status_code == 302
    html = client.get(reverse("privacy:emergency_report")).content.decode()
    assert "Niet gerechtvaardigd" in html and NOTE in html
    assert hospital_officer.user.username in html
    assert reverse("privacy:emergency_review", args=[grant.pk]) not in html


def test_the_report_filters_on_the_review(login_as, hospital_officer, grant):
    client = login_as(hospital_officer)
    url = reverse("privacy:emergency_report")
    assert grant.household.reference in client.get(url, {"status": "onbeoordeeld"}).content.decode()
    assert grant.household.reference not in client.get(url, {"status": "te_laat"}).content.decode()
    _age(grant, 8)
    html = client.get(url, {"status": "te_laat"}).content.decode()
    assert grant.household.reference in html and "Te laat beoordeeld" in html
    assert "Kies een van de getoonde" in client.get(url, {"status": "x"}).content.decode()


def test_overdue_signal_appears_after_the_deadline_and_goes_after_the_review(
        login_as, hospital_officer, privacy_officer, grant, settings):
    settings.EENDAK_EMERGENCY_REVIEW_DAYS = 7
    client = login_as(hospital_officer)
    home = reverse("core:home")
    html = client.get(home).content.decode()
    assert "Noodtoegang beoordelen" in html
    assert "1 noodtoegang wacht op uw beoordeling" in html and "te laat" not in html

    _age(grant, 8)
    html = client.get(home).content.decode()
    assert "1 beoordeling te laat" in html and "?status=te_laat" in html
    # Another organisation's officer has nothing of this grant on their start page.
    other = login_as(privacy_officer).get(home).content.decode()
    assert "te laat" not in other and "wacht op uw beoordeling" not in other

    privacy.review_emergency_grant(_actor(hospital_officer), grant, "justified", NOTE)
    html = client.get(home).content.decode()
    assert "te laat" not in html and "Alle noodtoegang van uw organisatie is beoordeeld." in html


# --- The API -------------------------------------------------------------------------------------------


def _review_url(grant):
    return f"/api/v1/emergency-access/report/{grant.pk}/review/"


def test_api_review_and_report_status(login_as, hospital_officer, grant):
    client = login_as(hospital_officer)
    [row] = body(client.get("/api/v1/emergency-access/report/", {"status": "onbeoordeeld"}))["results"]
    assert (row["id"], row["reviewStatus"], row["review"]) == (grant.pk, "te_beoordelen", None)

    response = post_json(client, _review_url(grant), {"outcome": "justified", "note": NOTE})
    assert response.status_code == 201
    assert body(response)["reviewStatus"] == "gerechtvaardigd"
    assert body(response)["review"]["reviewer"] == hospital_officer.user.username

    again = post_json(client, _review_url(grant), {"outcome": "justified", "note": NOTE})
    assert_problem(again, 400)
    assert body(client.get("/api/v1/emergency-access/report/",
                           {"status": "onbeoordeeld"}))["results"] == []


@pytest.mark.parametrize(("payload", "name"), [
    ({"note": NOTE}, "outcome"),
    ({"outcome": "maybe", "note": NOTE}, "outcome"),
    ({"outcome": "not_justified", "note": ""}, "note"),
])
def test_api_bad_input_is_a_400_naming_the_field(login_as, hospital_officer, grant, payload, name):
    response = post_json(login_as(hospital_officer), _review_url(grant), payload)
    assert_problem(response, 400)
    assert name in invalid_names(response)
    assert not EmergencyReview.objects.exists()


def test_api_other_organisation_is_a_logged_404(login_as, privacy_officer, grant):
    response = post_json(login_as(privacy_officer), _review_url(grant),
                         {"outcome": "justified", "note": NOTE})
    assert_problem(response, 404)
    assert AccessLogEntry.objects.filter(event="privacy.review_emergency_access",
                                         outcome=Outcome.DENIED).exists()
    assert not EmergencyReview.objects.exists()
