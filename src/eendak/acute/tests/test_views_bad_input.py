"""Bad input on the Spoedplein's screens: a clear Dutch message at the field, the page again (200)
with everything typed still there, and nothing changed — an injury without a region, a photo that
is not an image, a report to Veilig Thuis about nobody, the forensic report shared with the police
without a basis, and a registration that misses what its pathway needs."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eendak.acute import services
from eendak.acute.models import Injury, Photo, Presentation, Share, VeiligThuisContact
from eendak.intake.models import Report

from .conftest import actor_for
from .views_helpers import checked, field_error, png_bytes, section, step, url

pytestmark = pytest.mark.django_db


def _reported(toddler, clinician_actor, forensic_doctor):
    examination = services.request_forensic(clinician_actor, toddler, question="Vastleggen.")
    services.report_forensic(actor_for(forensic_doctor), examination, findings="Hematomen.",
                             conclusion="Niet passend bij een val.")


def test_an_injury_without_a_region_is_refused_at_the_field(toddler, clinician, login_as):
    response = step(login_as(clinician), toddler, "injury", {
        "kind": "bruise", "length_mm": "25", "colour": "blauw-paars", "note": "Onder de kin"})
    assert response.status_code == 200
    assert field_error(response, "letsel-region") == "Kies de plaats van het letsel op de lichaamskaart."
    form = section(response, "letsel")
    assert 'value="25"' in form and 'value="blauw-paars"' in form and "Onder de kin</textarea>" in form
    assert "<details class=\"cases-step\" open" in form
    assert "Er is nog niets opgeslagen." in response.content.decode()
    assert not Injury.objects.exists()


def test_an_injury_size_and_a_pattern_without_words_are_refused(toddler, clinician, login_as):
    client = login_as(clinician)
    response = step(client, toddler, "injury", {"region": "cheek_left", "kind": "bruise",
                                                "length_mm": "0"})
    assert field_error(response, "letsel-length_mm") == "Geef de maat in millimeters (1 tot 1000)."
    response = step(client, toddler, "injury", {"region": "cheek_left", "kind": "bruise",
                                                "patterned": "on"})
    assert response.status_code == 200
    assert field_error(response, "letsel-pattern").startswith("Beschrijf het patroon")
    assert not Injury.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused(toddler, clinician, login_as):
    response = step(login_as(clinician), toddler, "photo",
                    {"description": "Wang links", "consent_by": "Moeder"},
                    {"file": SimpleUploadedFile("wang.jpg", b"%PDF-1.4 geen foto")})
    assert response.status_code == 200
    assert field_error(response, "foto-file") == ("Dit is geen foto: alleen JPEG en PNG kunnen "
                                                  "worden toegevoegd.")
    form = section(response, "fotos")
    assert 'value="Wang links"' in form and 'value="Moeder"' in form
    assert not Photo.objects.exists()


def test_a_photo_without_consent_is_refused(toddler, clinician, login_as):
    response = step(login_as(clinician), toddler, "photo", {"description": "Wang links"},
                    {"file": SimpleUploadedFile("wang.png", png_bytes())})
    assert field_error(response, "foto-consent_by") == "Leg vast wie toestemming gaf voor de foto."
    assert not Photo.objects.exists()


def test_a_report_to_veilig_thuis_about_nobody_is_refused(toddler, clinician, login_as):
    response = step(login_as(clinician), toddler, "veilig_thuis", {
        "kind": "report", "text": "Zorgen over de peuter.", "is_acute": "on"})
    assert response.status_code == 200
    assert field_error(response, "vt-persons") == "Kies ten minste één persoon over wie u meldt."
    form = section(response, "veilig-thuis")
    assert "Zorgen over de peuter.</textarea>" in form
    assert checked(form, "vt-kind") == {"report"} and checked(form, "vt-is_acute") == {"on"}
    assert not VeiligThuisContact.objects.exists() and not Report.objects.exists()


def test_a_person_not_of_this_presentation_cannot_be_reported(toddler, adult, clinician,
                                                               login_as):
    response = step(login_as(clinician), toddler, "veilig_thuis", {
        "kind": "report", "text": "Zorgen.", "persons": [adult.patient_id]})
    assert field_error(response, "vt-persons") == "Kies personen van deze presentatie."
    assert not Report.objects.exists()


def test_sharing_with_the_police_without_a_basis_is_refused(toddler, clinician, clinician_actor,
                                                             forensic_doctor, police, login_as):
    _reported(toddler, clinician_actor, forensic_doctor)
    client = login_as(clinician)
    response = step(client, toddler, "share", {"organisation": police.pk, "item": "forensic_report",
                                               "note": "Aangifte op 12-03"})
    assert response.status_code == 200
    assert field_error(response, "delen-basis").startswith("Leg de grondslag vast")
    form = section(response, "delen")
    assert f'value="{police.pk}" selected' in form and "Aangifte op 12-03</textarea>" in form
    # Meldrecht is Veilig Thuis's; a toddler cannot consent herself.
    for basis, message in (("meldrecht", "Het meldrecht geldt alleen voor Veilig Thuis"),
                           ("consent_victim", "Bij een kind jonger dan 12")):
        response = step(client, toddler, "share", {"organisation": police.pk,
                                                   "item": "forensic_report", "basis": basis})
        assert field_error(response, "delen-basis").startswith(message)
    assert not Share.objects.exists()


def test_registration_keeps_what_was_typed_and_says_what_is_missing(clinician, tilburg_team,
                                                                    login_as):
    client = login_as(clinician)
    response = client.post(url("register"), {
        "action": "register", "patient": "new", "given_names": "Lies", "surname": "Testvrouw",
        "date_of_birth": "04-05-1990", "municipality": tilburg_team.municipality_id,
        "pathway": "sexual_violence", "explanation": "Aangerand na het uitgaan.",
        "case_manager": "J. de Wit"})
    assert response.status_code == 200
    assert field_error(response, "incident_at").startswith("Leg vast wanneer het seksueel geweld")
    html = response.content.decode()
    assert 'value="Testvrouw"' in html and "Aangerand na het uitgaan.</textarea>" in html
    assert 'value="J. de Wit"' in html
    # Elder abuse is for victims of 65 and older.
    response = client.post(url("register"), {
        "action": "register", "patient": "new", "given_names": "Lies", "surname": "Testvrouw",
        "date_of_birth": "04-05-1990", "pathway": "elder_abuse"})
    assert field_error(response, "pathway").startswith("De route ouderenmishandeling is voor")
    # No surname and nobody chosen.
    response = client.post(url("register"), {"action": "register", "patient": "new",
                                              "pathway": "child_abuse"})
    assert field_error(response, "surname") == "Vul de achternaam in, of kies een gevonden persoon."
    # An arrival in the future.
    later = timezone.localtime() + timedelta(hours=3)
    response = client.post(url("register"), {
        "action": "register", "patient": "new", "surname": "Testvrouw", "pathway": "child_abuse",
        "arrived_at": later.strftime("%Y-%m-%dT%H:%M")})
    assert field_error(response, "arrived_at") == "Het moment van aankomst ligt in de toekomst."
    assert not Presentation.objects.exists()


def test_a_discharge_without_safety_conditions_or_before_the_hague_report_is_refused(
        adult, clinician, login_as):
    client = login_as(clinician)
    response = step(client, adult, "discharge", {"safe_to_go_home": "yes", "destination": "home",
                                                 "safety_conditions": "Partner slaapt elders."})
    assert response.status_code == 200
    assert "Haags protocol" in field_error(response, "ontslag-safe_to_go_home")
    assert "Partner slaapt elders.</textarea>" in section(response, "ontslag")
    response = step(client, adult, "discharge", {"safe_to_go_home": "no", "destination": "home"})
    assert field_error(response, "ontslag-destination").startswith("Het is niet veilig")
    assert Presentation.objects.get(pk=adult.pk).status == "open"
