"""Presentations over the API: the patient search, registering a found or a new patient, changing the
details, naming a person, and the list — each with its success and its bad input (a 400 naming the
field in Dutch, nothing changed, the attempt logged as failed)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.acute import services
from eendak.acute.models import Presentation
from eendak.audit.models import AccessLogEntry
from eendak.persons.models import Person
from eendak.testing import factories as f

from .api_support import (
    API,
    PRESENTATIONS,
    assert_bad_input,
    assert_problem,
    assert_read,
    invalid_names,
    ok,
    patch_json,
    post_json,
    state,
    url_of,
)
from .conftest import actor_for

pytestmark = pytest.mark.django_db

SEARCH = f"{PRESENTATIONS}patient-search/"


def new_patient(**overrides):
    return {"givenNames": "Sem", "surname": "Testpatiënt", "dateOfBirth": "1991-03-02",
            "sex": "M", **overrides}


# --- Finding the patient -----------------------------------------------------------------------------


def test_the_search_offers_a_patient_the_hospital_knows_and_logs_whom_it_showed(
        login_as, clinician, toddler):
    patient = toddler.patient

    data = ok(post_json(login_as(clinician), SEARCH, {
        "surname": patient.surname, "givenNames": patient.given_names,
        "dateOfBirth": patient.date_of_birth.isoformat()}))

    assert [(c["id"], c["name"], c["dateOfBirth"]) for c in data["candidates"]] == [
        (patient.pk, patient.full_name, patient.date_of_birth.isoformat())]
    assert data["candidates"][0]["score"] > 0 and data["candidates"][0]["reasons"]
    assert_read(clinician, "acute.patient_search", [patient])


def test_the_search_does_not_offer_whom_only_others_know(login_as, other_clinician, toddler):
    patient = toddler.patient

    data = ok(post_json(login_as(other_clinician), SEARCH, {
        "surname": patient.surname, "givenNames": patient.given_names}))

    assert data["candidates"] == []


def test_a_search_without_criteria_or_with_a_bad_bsn_is_a_400(login_as, clinician):
    client = login_as(clinician)

    empty = post_json(client, SEARCH, {"givenNames": "Noor"})
    bad_bsn = post_json(client, SEARCH, {"bsn": "123456789"})

    assert_problem(empty, 400)
    assert invalid_names(empty) == {"surname"}
    assert_problem(bad_bsn, 400)
    assert invalid_names(bad_bsn) == {"bsn"}
    assert not AccessLogEntry.objects.filter(event="acute.change_refused").exists()


# --- Registering ---------------------------------------------------------------------------------


def test_a_found_patient_is_registered_again_without_a_second_record(login_as, clinician, toddler):
    persons = Person.objects.count()
    registered = AccessLogEntry.objects.filter(event="acute.registered").count()

    data = ok(post_json(login_as(clinician), PRESENTATIONS, {
        "pathway": "child_abuse", "patient": toddler.patient_id,
        "explanation": "Weer gevallen, zegt vader."}), 201)

    assert data["patient"]["id"] == toddler.patient_id and Person.objects.count() == persons
    assert data["status"] == "open" and data["reference"].startswith("SP")
    assert data["municipality"]["id"] == toddler.patient.municipality_id
    assert_read(clinician, "acute.presentation_read", [toddler.patient_id])
    assert AccessLogEntry.objects.filter(event="acute.registered").count() == registered + 1


def test_a_new_patient_with_a_known_bsn_links_the_one_record(login_as, clinician, vt):
    bsn = f.test_bsn()
    known = f.person_in(f.HouseholdFactory(), "parent", bsn=bsn)

    data = ok(post_json(login_as(clinician), PRESENTATIONS, {
        "pathway": "domestic_violence", "newPatient": new_patient(
            bsn=bsn, surname=known.surname, dateOfBirth=known.date_of_birth.isoformat())}), 201)

    assert data["patient"]["id"] == known.pk  # the BSN, surname and date of birth agree


@pytest.mark.parametrize("body, field", [
    ({"pathway": "child_abuse"}, "patient"),
    ({"pathway": "child_abuse", "newPatient": new_patient(surname=" ")}, "newPatient.surname"),
    ({"pathway": "child_abuse", "newPatient": new_patient(bsn="123456789")}, "newPatient.bsn"),
    ({"pathway": "child_abuse", "newPatient": new_patient(dateOfBirth="2999-01-01")},
     "newPatient.dateOfBirth"),
    ({"pathway": "sexual_violence", "newPatient": new_patient()}, "incidentAt"),
    ({"pathway": "elder_abuse", "newPatient": new_patient()}, "pathway"),
    ({"pathway": "child_abuse", "newPatient": new_patient(),
      "arrivedAt": (timezone.now() + timedelta(days=1)).isoformat()}, "arrivedAt"),
    ({"pathway": "child_abuse", "newPatient": new_patient(), "municipality": 999999},
     "municipality"),
    ({"pathway": "the_usual", "newPatient": new_patient()}, "pathway"),
])
def test_bad_input_when_registering_is_a_400_at_its_field(login_as, clinician, vt, body, field):
    before = state()

    assert_bad_input(post_json(login_as(clinician), PRESENTATIONS, body), clinician, field, before)


def test_a_patient_only_others_know_is_refused_as_if_nobody(login_as, other_clinician, toddler):
    client = login_as(other_clinician)
    before = state()

    known_elsewhere = post_json(client, PRESENTATIONS, {"pathway": "child_abuse",
                                                        "patient": toddler.patient_id})
    nobody = post_json(client, PRESENTATIONS, {"pathway": "child_abuse", "patient": 987654321})

    reasons = [assert_bad_input(response, other_clinician, "patient", before)["invalidParams"]
               for response in (known_elsewhere, nobody)]
    assert reasons[0] == reasons[1]


def test_both_a_found_and_a_new_patient_is_a_400(login_as, clinician, toddler):
    before = state()

    response = post_json(login_as(clinician), PRESENTATIONS, {
        "pathway": "child_abuse", "patient": toddler.patient_id, "newPatient": new_patient()})

    assert_bad_input(response, clinician, "patient", before)


# --- Changing the details ----------------------------------------------------------------------------


def test_changing_the_details_changes_only_what_was_sent(login_as, clinician, adult):
    data = ok(patch_json(login_as(clinician), url_of(adult), {
        "explanation": "Geduwd tegen de deurpost.", "childrenAtHome": "no"}))

    assert (data["explanation"], data["childrenAtHome"], data["hagueReason"]) == (
        "Geduwd tegen de deurpost.", "no", "domestic_violence")
    assert data["hagueDue"] is False
    assert AccessLogEntry.objects.filter(event="acute.updated").exists()


def test_a_pathway_that_does_not_fit_the_patient_changes_nothing(login_as, clinician, adult):
    before = state()

    response = patch_json(login_as(clinician), url_of(adult), {"pathway": "elder_abuse",
                                                               "explanation": "Anders"})

    problem = assert_bad_input(response, clinician, "pathway", before)
    assert "65" in problem["invalidParams"][0]["reason"]


def test_after_discharge_the_details_are_fixed(login_as, clinician, toddler):
    services.discharge(actor_for(clinician), toddler, safe_to_go_home="yes", destination="home",
                       safety_conditions="Oma blijft slapen.")
    before = state()

    response = patch_json(login_as(clinician), url_of(toddler), {"explanation": "Anders"})

    problem = assert_bad_input(response, clinician, "nonFieldErrors", before)
    assert "ontslagen" in problem["invalidParams"][0]["reason"]


# --- Persons named with the presentation -------------------------------------------------------------


def test_a_child_at_home_is_named_and_reported_under_the_hague_protocol(login_as, clinician, adult):
    client = login_as(clinician)
    assert ok(client.get(url_of(adult)))["hagueDue"] is True
    born = (timezone.localdate() - timedelta(days=5 * 365)).isoformat()

    named = ok(post_json(client, url_of(adult, "persons"), {
        "role": "child_at_home", "newPerson": {"givenNames": "Kim", "surname": "Testouder",
                                               "dateOfBirth": born}}), 201)
    assert named["roleLabel"] == "Kind thuis" and named["person"]["fullName"] == "Kim Testouder"

    contact = ok(post_json(client, url_of(adult, "veilig-thuis"), {
        "kind": "report", "text": "Moeder behandeld na huiselijk geweld; kind thuis.",
        "aboutChildren": True, "persons": [adult.patient_id, named["person"]["id"]]}), 201)
    assert contact["aboutChildren"] is True
    detail = ok(client.get(url_of(adult)))
    assert detail["hagueDue"] is False
    assert [n["person"]["id"] for n in detail["namedPersons"]] == [named["person"]["id"]]
    assert_read(clinician, "acute.presentation_read", [adult.patient_id, named["person"]["id"]])


def test_the_patient_cannot_be_named_again(login_as, clinician, adult):
    before = state()

    response = post_json(login_as(clinician), url_of(adult, "persons"), {
        "role": "companion", "person": adult.patient_id})

    assert_bad_input(response, clinician, "person", before)


# --- The list ------------------------------------------------------------------------------------------


def test_the_list_shows_the_own_presentations_newest_first_and_filters_on_status(
        login_as, clinician, other_clinician, toddler, adult):
    services.discharge(actor_for(clinician), toddler, safe_to_go_home="yes", destination="home",
                       safety_conditions="Oma blijft slapen.")
    Presentation.objects.filter(pk=toddler.pk).update(arrived_at=timezone.now() - timedelta(hours=3))
    client = login_as(clinician)

    everything = ok(client.get(PRESENTATIONS))["results"]
    still_here = ok(client.get(PRESENTATIONS, {"status": "open"}))["results"]

    assert [p["id"] for p in everything] == [adult.pk, toddler.pk]
    assert [p["id"] for p in still_here] == [adult.pk]
    assert_read(clinician, "acute.work", [adult.patient_id])
    assert ok(login_as(other_clinician).get(PRESENTATIONS))["results"] == []
    assert_problem(client.get(PRESENTATIONS, {"status": "gone"}), 400)


def test_the_figures_count_the_own_presentations(login_as, clinician, toddler, adult):
    data = ok(login_as(clinician).get(f"{API}/acute-figures/"))

    [month] = data["months"]
    assert (month["presentations"], month["published"]) == ("2", False)  # the hospital's own: exact
    assert month["byPathway"]["Kindermishandeling"] == "1"


# --- The pathways of sexual violence and elder abuse ------------------------------------------------------


def test_acute_sexual_violence_shows_the_four_parts_of_the_centre(login_as, clinician, vt):
    incident = (timezone.now() - timedelta(days=2)).isoformat()

    data = ok(post_json(login_as(clinician), PRESENTATIONS, {
        "pathway": "sexual_violence", "incidentAt": incident, "complaint": "Medische zorg gegeven.",
        "psychologicalFirstAid": True, "newPatient": new_patient(givenNames="Lotte", sex="V")}), 201)

    assert [(part["label"], part["done"]) for part in data["csgParts"]] == [
        ("Medische zorg", True), ("Forensisch onderzoek", False),
        ("Psychologische eerste hulp", True), ("Casemanager", False)]


def test_elder_abuse_records_its_kinds_and_by_whom(login_as, clinician, vt):
    data = ok(post_json(login_as(clinician), PRESENTATIONS, {
        "pathway": "elder_abuse", "elderAbuseKinds": ["financial", "neglect"],
        "suspectedRelation": "carer",
        "newPatient": new_patient(givenNames="Jan", dateOfBirth="1948-06-01")}), 201)

    assert data["elderAbuseKinds"] == ["financial", "neglect"]
    assert data["suspectedRelation"] == "carer" and data["csgParts"] == []
