"""Registering a presentation on screen: the search shows only whom the patient search returns (the
hospital's own patients and those named with them), a found person is chosen rather than typed
again, and the pathways keep their own parts (sexual violence: the Centrum Seksueel Geweld's four;
elder abuse: its kinds)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from eendak.acute.events import Event
from eendak.acute.models import Presentation
from eendak.audit.models import AccessLogEntry
from eendak.persons.models import Person

from .views_helpers import checked, last_read, section, step, text_of, url

pytestmark = pytest.mark.django_db


def _search(client, **criteria):
    return client.post(url("register"), {"action": "search",
                                         **{f"zoek-{k}": v for k, v in criteria.items()}})


def test_the_search_offers_a_known_patient_to_choose(toddler, clinician, login_as):
    client = login_as(clinician)
    born = toddler.patient.date_of_birth
    page = _search(client, surname="Testkind", given_names="Noor",
                   date_of_birth=born.strftime("%d-%m-%Y"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 persoon gevonden." in text_of(page)
    assert escape(toddler.patient.full_name) in html
    assert f'value="{toddler.patient_id}"' in html
    assert "Controleer de gemarkeerde velden" not in html  # a search judges nothing yet
    entry = last_read(clinician, Event.PATIENT_SEARCH)
    assert entry is not None and entry.person_ids == [toddler.patient_id]
    # Chosen: a second presentation of the same person, not a second person.
    response = client.post(url("register"), {
        "action": "register", "zoek-surname": "Testkind", "zoek-given_names": "Noor",
        "zoek-date_of_birth": born.strftime("%d-%m-%Y"), "patient": toddler.patient_id,
        "pathway": "child_abuse", "explanation": "Weer gevallen."})
    assert response.status_code == 302
    again = Presentation.objects.exclude(pk=toddler.pk).get()
    assert again.patient_id == toddler.patient_id
    assert Person.objects.filter(surname="Testkind").count() == 1
    assert again.municipality_id == toddler.patient.municipality_id


def test_another_hospital_finds_nobody_and_cannot_pick_by_id(toddler, other_clinician, login_as):
    client = login_as(other_clinician)
    page = _search(client, surname="Testkind", given_names="Noor")
    assert escape(toddler.patient.full_name) not in page.content.decode()
    assert "Niemand gevonden die het ziekenhuis al kent." in text_of(page)
    # Posting the id of a person it was never shown: refused at the choice, nothing stored.
    response = client.post(url("register"), {
        "action": "register", "zoek-surname": "Testkind", "patient": toddler.patient_id,
        "pathway": "child_abuse"})
    assert response.status_code == 200
    assert "Deze persoon is niet (meer) gevonden." in text_of(response)
    assert Presentation.objects.count() == 1


def test_an_invalid_search_says_what_to_fill_in(clinician, login_as):
    page = _search(login_as(clinician), given_names="Noor")
    assert "Zoek op BSN, of op achternaam" in text_of(page)
    page = _search(login_as(clinician), bsn="123456789")
    assert not AccessLogEntry.objects.filter(event=Event.PATIENT_SEARCH).exists()


def test_sexual_violence_shows_the_four_parts_and_whether_it_is_acute(clinician, tilburg_team,
                                                                      login_as):
    client = login_as(clinician)
    incident = timezone.localtime() - timedelta(days=2)
    response = client.post(url("register"), {
        "action": "register", "patient": "new", "given_names": "Lies", "surname": "Testvrouw",
        "date_of_birth": "04-05-1995", "sex": "V", "municipality": tilburg_team.municipality_id,
        "pathway": "sexual_violence", "incident_at": incident.strftime("%Y-%m-%dT%H:%M"),
        "complaint": "Onderzoek en noodanticonceptie.", "psychological_first_aid": "on"})
    assert response.status_code == 302
    presentation = Presentation.objects.get()
    page = client.get(url("presentation", presentation.pk))
    html = page.content.decode()
    assert 'data-acute="yes"' in html and "Acuut (binnen 7 dagen)" in html
    parts = section(page, "patient")
    assert 'data-done="yes">Medische zorg' in parts
    assert 'data-done="yes">Psychologische eerste hulp' in parts
    assert 'data-done="no">Forensisch onderzoek' in parts
    assert 'data-done="no">Casemanager' in parts
    # The case manager named later: the fourth part done.
    assert step(client, presentation, "follow_up", {
        "kind": "case_manager", "note": "Casemanager belt morgen."}).status_code == 302
    assert 'data-done="yes">Casemanager' in section(client.get(url("presentation", presentation.pk)),
                                                    "patient")
    # Not a child under 4: no checklist offered.
    assert 'id="screening"' not in html


def test_elder_abuse_records_its_kinds(clinician, login_as):
    client = login_as(clinician)
    born = timezone.localdate().replace(year=timezone.localdate().year - 80, day=1)
    response = client.post(url("register"), {
        "action": "register", "patient": "new", "given_names": "Gerrit", "surname": "Testoudere",
        "date_of_birth": born.strftime("%d-%m-%Y"), "pathway": "elder_abuse",
        "elder_abuse_kinds": ["financial", "neglect"], "suspected_relation": "carer"})
    assert response.status_code == 302
    presentation = Presentation.objects.get()
    assert presentation.elder_abuse_kinds == ["financial", "neglect"]
    page = client.get(url("presentation", presentation.pk))
    kinds = page.content.decode().split("data-elder-kinds>", 1)[1].split("</dd>", 1)[0]
    assert kinds == "Financieel, Verwaarlozing"
    assert "Mantelzorger of hulpverlener" in text_of(page)
    # The details form holds the same choices, ready to change.
    assert checked(section(page, "patient"), "gegevens-elder_abuse_kinds") == {"financial",
                                                                               "neglect"}
    response = step(client, presentation, "details", {
        "pathway": "elder_abuse", "elder_abuse_kinds": ["financial", "physical"],
        "suspected_relation": "child"})
    assert response.status_code == 302
    presentation.refresh_from_db()
    assert presentation.elder_abuse_kinds == ["financial", "physical"]
    assert presentation.suspected_relation == "child"


def test_a_double_click_on_vastleggen_registers_the_patient_once(clinician, login_as):
    client = login_as(clinician)
    form = client.get(url("register")).content.decode()
    key = form.split('name="submission_key" value="', 1)[1].split('"', 1)[0]
    posted = {"action": "register", "patient": "new", "given_names": "Dubbel", "surname": "Klik",
              "pathway": "domestic_violence", "submission_key": key}
    first = client.post(url("register"), posted)
    second = client.post(url("register"), posted)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Presentation.objects.filter(patient__surname="Klik").count() == 1
