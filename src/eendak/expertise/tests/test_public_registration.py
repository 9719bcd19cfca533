"""The Expertisecentrum's public pages: open sessions and public events, each with a registration
form that needs no login and has the public report form's protections (one-time key, limit per
client, honeypot); a full session puts the visitor on the waiting list, and says so."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.audit.models import AccessLogEntry
from eendak.expertise import services
from eendak.expertise.models import Enrolment, EventRegistration
from eendak.expertise.workflow import EnrolmentStatus
from eendak.intake.models import Report
from eendak.intake.tests.public_support import report_form_data, row_counts

from .conftest import actor_for


def _key(response) -> str:
    match = re.search(r'name="submission_key" value="([^"]+)"', response.content.decode())
    assert match, "the form carries no submission key"
    return match.group(1)


def _enrol_url(session) -> str:
    return reverse("expertise_public:enrol") + f"?sessie={session.pk}"


def _register_url(event) -> str:
    return reverse("expertise_public:register") + f"?bijeenkomst={event.pk}"


def _enrolment_data(client, session, **overrides) -> dict:
    data = {"submission_key": _key(client.get(_enrol_url(session))), "website": "",
            "name": "Fatma Yilmaz", "email": "f.yilmaz@school.example", "organisation_name":
            "Basisschool De Regenboog", "job": "leerkracht"}
    data.update(overrides)
    return data


def _registration_data(client, event, **overrides) -> dict:
    data = {"submission_key": _key(client.get(_register_url(event))), "website": "",
            "name": "Piet de Boer", "email": "piet@example.test", "organisation_name": ""}
    data.update(overrides)
    return data


def _text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def event(staff):
    return services.plan_event(actor_for(staff), title="Week tegen Kindermishandeling: avond voor ouders",
                               kind="information_evening", starts_at=timezone.now() + timedelta(days=10),
                               place="Wijkcentrum De Schakel, Tilburg", capacity=2)


@pytest.mark.django_db
def test_the_public_list_shows_open_sessions_and_public_events_without_login(client, session, event,
                                                                           staff_actor, course):
    start = timezone.now() + timedelta(days=20)
    draft = services.plan_session(staff_actor, course, starts_at=start, ends_at=start + timedelta(hours=3),
                                  place="Waalwijk", trainer="Nog niet gepubliceerd", capacity=10)

    response = client.get(reverse("expertise_public:home"))

    html = _text(response)
    assert response.status_code == 200
    assert "Werken aan Veiligheid – basis" in html
    assert "Trainer Test" in html and "Tilburg" in html
    assert "Lokale teams" in html  # the course's audience
    assert "Week tegen Kindermishandeling: avond voor ouders" in html
    assert "Informatieavond" in html
    assert _enrol_url(session) in html and _register_url(event) in html
    assert draft.trainer not in html and f"sessie={draft.pk}" not in html


@pytest.mark.django_db
def test_a_visitor_enrols_and_sees_the_confirmation(client, session):
    response = client.post(_enrol_url(session), _enrolment_data(client, session))

    html = _text(response)
    assert response.status_code == 200
    assert "U bent ingeschreven voor de training" in html
    enrolment = Enrolment.objects.get()
    assert (enrolment.session, enrolment.status) == (session, EnrolmentStatus.ENROLLED)
    assert (enrolment.name, enrolment.email, enrolment.job) == ("Fatma Yilmaz", "f.yilmaz@school.example",
                                                                "leerkracht")
    assert enrolment.user is None
    entry = AccessLogEntry.objects.filter(event="expertise.enrolled").get()
    assert entry.ip_address is None and entry.user is None  # no trace back to the visitor


@pytest.mark.django_db
def test_a_worker_enrolling_with_the_work_address_builds_their_record(client, session, worker):
    client.post(_enrol_url(session), _enrolment_data(client, session, email=worker.user.email))

    assert Enrolment.objects.get().user == worker.user


@pytest.mark.django_db
def test_a_full_session_puts_the_visitor_on_the_waiting_list_and_says_so(client, session):
    for n in range(session.capacity):
        client.post(_enrol_url(session), _enrolment_data(client, session, email=f"deelnemer{n}@example.test"))

    form_page = _text(client.get(_enrol_url(session)))
    assert "Deze training is vol." in form_page
    assert "Aanmelden voor de wachtlijst" in form_page
    assert "Aanmelden voor de wachtlijst" in _text(client.get(reverse("expertise_public:home")))

    response = client.post(_enrol_url(session), _enrolment_data(client, session, email="laat@example.test"))

    assert "De training is vol: u staat op de wachtlijst." in _text(response)
    assert Enrolment.objects.get(email="laat@example.test").status == EnrolmentStatus.WAITING


@pytest.mark.django_db
def test_a_double_submit_enrols_once_and_shows_the_same_confirmation(client, session):
    data = _enrolment_data(client, session)
    first = client.post(_enrol_url(session), data)
    again = client.post(_enrol_url(session), data)

    assert Enrolment.objects.count() == 1
    assert "U bent ingeschreven voor de training" in _text(first)
    assert "U bent ingeschreven voor de training" in _text(again)


@pytest.mark.django_db
def test_the_honeypot_shows_a_confirmation_and_stores_nothing(client, session):
    data = _enrolment_data(client, session, website="http://spam.example")
    before = row_counts()

    response = client.post(_enrol_url(session), data)

    assert response.status_code == 200
    assert "U bent ingeschreven voor de training" in _text(response)
    assert row_counts() == before


@pytest.mark.django_db
def test_a_key_for_another_session_is_refused_and_what_was_typed_kept(client, session, staff_actor, course):
    start = timezone.now() + timedelta(days=9)
    other = services.move_session(staff_actor, services.plan_session(
        staff_actor, course, starts_at=start, ends_at=start + timedelta(hours=2), place="Goirle",
        trainer="Trainer Twee", capacity=5), "published")
    data = _enrolment_data(client, other, name="Anouk Smit")
    before = row_counts()

    response = client.post(_enrol_url(session), data)

    html = _text(response)
    assert "Dit formulier was verlopen of beschadigd" in html
    assert 'value="Anouk Smit"' in html
    assert row_counts() == before
    assert _key(response) != data["submission_key"]


@pytest.mark.django_db
def test_bad_input_is_told_at_its_field_and_nothing_is_stored(client, session):
    before = row_counts()

    response = client.post(_enrol_url(session), _enrolment_data(client, session, name="", email="geen-adres",
                                                                organisation_name="Wijkteam Noord"))

    html = _text(response)
    assert 'id="id_name_error">Vul uw naam in.' in html
    assert "Dit e-mailadres klopt niet" in html
    assert 'value="Wijkteam Noord"' in html
    assert row_counts() == before


@pytest.mark.django_db
def test_the_same_address_twice_is_told_at_the_email_field(client, session):
    client.post(_enrol_url(session), _enrolment_data(client, session))

    response = client.post(_enrol_url(session), _enrolment_data(client, session, name="Iemand Anders"))

    assert 'id="id_email_error">Met dit e-mailadres bent u al ingeschreven voor deze training.' in _text(response)
    assert Enrolment.objects.count() == 1


@pytest.mark.django_db
def test_the_limit_per_client_is_shared_with_the_public_report_form(client, session, settings):
    settings.EENDAK_PUBLIC_FORM_PER_HOUR = 1
    client.post(reverse("public:report"), report_form_data(client))
    assert Report.objects.count() == 1
    data = _enrolment_data(client, session, name="Derde Poging")
    before = row_counts()

    response = client.post(_enrol_url(session), data)

    html = _text(response)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "U heeft in korte tijd veel formulieren verstuurd" in html
    assert 'value="Derde Poging"' in html
    assert row_counts() == before
    # Another client is not affected.
    other = client.post(_enrol_url(session), _enrolment_data(client, session), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200 and Enrolment.objects.count() == 1


@pytest.mark.django_db
def test_a_session_that_is_not_open_is_not_told_apart_from_one_that_does_not_exist(client, session,
                                                                                    staff_actor):
    missing = client.get(reverse("expertise_public:enrol") + "?sessie=999999")
    services.move_session(staff_actor, session, "cancelled")
    cancelled = client.get(_enrol_url(session))

    for response in (missing, cancelled):
        assert response.status_code == 404
        assert "Voor deze training of bijeenkomst kunt u zich niet (meer) aanmelden." in _text(response)
    assert client.get(reverse("expertise_public:enrol")).status_code == 302
    assert client.get(reverse("expertise_public:enrol") + "?sessie=x").status_code == 302


@pytest.mark.django_db
def test_a_visitor_registers_for_a_public_event(client, event):
    response = client.post(_register_url(event), _registration_data(client, event))

    assert "U bent aangemeld voor de bijeenkomst" in _text(response)
    registration = EventRegistration.objects.get()
    assert (registration.event, registration.email) == (event, "piet@example.test")


@pytest.mark.django_db
def test_a_full_event_shows_no_form_and_refuses_a_registration(client, event):
    data = _registration_data(client, event)
    for n in range(event.capacity):
        client.post(_register_url(event), _registration_data(client, event, email=f"gast{n}@example.test"))

    page = _text(client.get(_register_url(event)))
    assert "Deze bijeenkomst is vol." in page and "<form method=\"post\" action=\"/trainingen" not in page
    assert _register_url(event) not in _text(client.get(reverse("expertise_public:home")))

    refused = client.post(_register_url(event), data)

    assert "Deze bijeenkomst is vol." in _text(refused)
    assert EventRegistration.objects.count() == event.capacity
