"""The other steps of the presentation page, each one form and one service, as the clinician (and the
forensic doctor) use them: the Hague protocol's banner until the children are reported, naming a
child at home, willingness to report up to a report filed, sharing on a basis, follow-up, discharge
after the safety question, withdrawing a request, removing an injury while the patient is here, and
the forensic doctor's photographs."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape

from eendak.acute import services
from eendak.acute.models import Injury, NamedPerson, Photo, Presentation, Share
from eendak.intake.models import Report

from .conftest import actor_for
from .views_helpers import checked, field_error, png_bytes, section, step, text_of, url

pytestmark = pytest.mark.django_db


def test_the_hague_protocol_asks_for_the_children_until_they_are_reported(adult, clinician,
                                                                         login_as):
    client = login_as(clinician)
    page = client.get(url("presentation", adult.pk))
    html = page.content.decode()
    assert "data-hague-due" in html and "Haags protocol: meld de kinderen thuis" in text_of(page)
    form = section(page, "veilig-thuis")
    assert '<details class="cases-step" open' in form  # the form is open, ready
    assert checked(form, "vt-about_children") == {"on"}

    born = timezone.localdate() - timedelta(days=7 * 365)
    assert step(client, adult, "person", {
        "role": "child_at_home", "given_names": "Kim", "surname": "Testouder",
        "date_of_birth": born.strftime("%d-%m-%Y")}).status_code == 302
    child = NamedPerson.objects.get(presentation=adult)
    page = client.get(url("presentation", adult.pk))
    assert "Kind thuis" in section(page, "personen")
    # The child is a choice for the report now.
    assert f'value="{child.person_id}"' in section(page, "veilig-thuis")
    # About the children, but without choosing them: refused at the field.
    response = step(client, adult, "veilig_thuis", {
        "kind": "report", "text": "Haags protocol.", "persons": [adult.patient_id],
        "about_children": "on", "is_acute": "on"})
    assert field_error(response, "vt-persons").startswith("Noem de kinderen thuis")
    assert step(client, adult, "veilig_thuis", {
        "kind": "report", "text": "Haags protocol: moeder na huiselijk geweld.",
        "persons": [adult.patient_id, child.person_id], "about_children": "on",
        "is_acute": "on"}).status_code == 302
    page = client.get(url("presentation", adult.pk))
    assert "data-hague-due" not in page.content.decode()
    assert "over de kinderen thuis (Haags protocol)" in section(page, "veilig-thuis")
    assert Report.objects.get().is_acute

    # Now the discharge: not safe at home, to the shelter with the children.
    assert step(client, adult, "discharge", {
        "safe_to_go_home": "no", "destination": "shelter",
        "safety_conditions": "Met de kinderen naar de opvang; partner weet het adres niet."}
                ).status_code == 302
    page = client.get(url("presentation", adult.pk))
    discharge = section(page, "ontslag")
    assert "Opvang" in discharge and "partner weet het adres niet" in discharge
    assert "<form" not in discharge
    assert Presentation.objects.get(pk=adult.pk).status == "discharged"
    # Discharged: the visit's record is fixed (no injury or details form any more).
    assert 'data-step="injury"' not in page.content.decode()
    assert 'data-step="details"' not in page.content.decode()


def test_willingness_to_report_up_to_a_report_filed(toddler, clinician, login_as):
    client = login_as(clinician)
    assert step(client, toddler, "willingness", {"state": "discussed",
                                                 "note": "Moeder denkt erover na."}).status_code == 302
    response = step(client, toddler, "willingness", {"state": "filed", "police_unit": "Tilburg"})
    assert field_error(response, "aangifte-police_report_on") == "Vul de datum van de aangifte in."
    assert 'value="Tilburg"' in section(response, "aangifte")
    today = timezone.localdate()
    assert step(client, toddler, "willingness", {
        "state": "filed", "police_report_on": today.strftime("%d-%m-%Y"),
        "police_unit": "Politie Zeeland-West-Brabant, basisteam Tilburg",
        "police_reference": "PL2000-2026-1234"}).status_code == 302
    page = client.get(url("presentation", toddler.pk))
    shown = section(page, "aangifte")
    assert 'data-willingness="filed"' in shown and "PL2000-2026-1234" in shown
    assert "Moeder denkt erover na." in shown
    assert 'data-step="willingness"' not in shown  # a report filed is the end of the table


def test_sharing_the_report_on_a_basis_and_following_up(toddler, clinician, clinician_actor,
                                                        forensic_doctor, police, tilburg_team,
                                                        login_as):
    client = login_as(clinician)
    assert 'data-step="share"' not in client.get(url("presentation", toddler.pk)).content.decode()
    examination = services.request_forensic(clinician_actor, toddler, question="Vastleggen.")
    services.report_forensic(actor_for(forensic_doctor), examination, findings="B", conclusion="C")
    assert step(client, toddler, "share", {
        "organisation": police.pk, "item": "forensic_report", "basis": "consent_representative",
        "note": "Moeder doet aangifte."}).status_code == 302
    share = Share.objects.get()
    assert (share.organisation, share.basis) == (police, "consent_representative")
    assert "Toestemming van de wettelijk vertegenwoordiger" in section(
        client.get(url("presentation", toddler.pk)), "delen")
    # The Veiligheidsteam only through Veilig Thuis; the local team of the family's municipality.
    response = step(client, toddler, "follow_up", {"kind": "safety_team",
                                                   "note": "Aanmelden bij het Veiligheidsteam."})
    assert field_error(response, "vervolg-kind").startswith("Een gezin komt alleen via Veilig Thuis")
    assert step(client, toddler, "follow_up", {
        "kind": "local_team", "note": "Huisbezoek binnen een week."}).status_code == 302
    follow_up = section(client.get(url("presentation", toddler.pk)), "vervolg")
    assert "Lokaal team" in follow_up and escape(tilburg_team.name) in follow_up


def test_a_request_withdrawn_and_an_injury_removed_while_the_patient_is_here(
        toddler, clinician, clinician_actor, login_as):
    client = login_as(clinician)
    services.request_forensic(clinician_actor, toddler, question="Vastleggen.")
    response = step(client, toddler, "forensic_cancel", {})
    assert field_error(response, "intrekken-reason") == ("Geef aan waarom het onderzoek niet meer "
                                                         "nodig is.")
    assert step(client, toddler, "forensic_cancel", {"reason": "Uitleg past; geen letsel van "
                                                               "betekenis."}).status_code == 302
    page = client.get(url("presentation", toddler.pk))
    assert 'data-step="forensic_request"' in page.content.decode()  # it can be asked again
    injury = services.record_injury(clinician_actor, toddler, services.InjuryData(
        region="chin", kind="abrasion"))
    response = client.post(url("injury_remove", injury.pk))
    assert response.status_code == 302 and response["Location"].endswith("#letsel")
    assert not Injury.objects.exists()
    # After the discharge the record is fixed: removing is refused with a message, nothing changes.
    injury = services.record_injury(clinician_actor, toddler, services.InjuryData(
        region="chin", kind="abrasion"))
    services.discharge(clinician_actor, toddler, safe_to_go_home="yes", destination="home",
                       safety_conditions="Oma blijft de eerste nachten.")
    response = client.post(url("injury_remove", injury.pk), follow=True)
    assert "De patiënt is ontslagen" in text_of(response)
    assert Injury.objects.filter(pk=injury.pk).exists()


def test_the_details_change_and_the_forensic_doctor_adds_photographs(
        toddler, clinician, clinician_actor, forensic_doctor, login_as):
    client = login_as(clinician)
    assert step(client, toddler, "details", {
        "pathway": "child_abuse", "accompanied_by": "Moeder en oma",
        "explanation": "Van de bank gevallen; later: van de trap.",
        "complaint": "Blauwe plekken."}).status_code == 302
    toddler.refresh_from_db()
    assert toddler.accompanied_by == "Moeder en oma"
    examination = services.request_forensic(clinician_actor, toddler, question="Vastleggen.")
    doctor = login_as(forensic_doctor)
    response = doctor.post(url("forensic_report", examination.pk), {
        "action": "photo", "foto-description": "Wang links, met liniaal",
        "foto-consent_by": "Moeder (gezag)", "foto-file": SimpleUploadedFile("w.png", png_bytes())})
    assert response.status_code == 302
    assert response["Location"] == url("forensic_report", examination.pk) + "#fotos"
    photo = Photo.objects.get()
    assert photo.uploaded_by == forensic_doctor.user
    page = doctor.get(url("forensic_report", examination.pk))
    assert url("photo", photo.pk) in page.content.decode()
    # A file that is not a photograph: at its field, the description kept, nothing stored.
    response = doctor.post(url("forensic_report", examination.pk), {
        "action": "photo", "foto-description": "Oor", "foto-consent_by": "Moeder",
        "foto-file": SimpleUploadedFile("oor.jpg", b"geen foto")})
    assert response.status_code == 200
    assert field_error(response, "foto-file").startswith("Dit is geen foto")
    assert 'value="Oor"' in response.content.decode()
    assert Photo.objects.count() == 1
    # A report without findings: at its field, nothing reported.
    response = doctor.post(url("forensic_report", examination.pk), {
        "action": "report", "rapport-conclusion": "Niet passend."})
    assert field_error(response, "rapport-findings") == "Beschrijf de bevindingen."
    assert "Niet passend.</textarea>" in response.content.decode()
    examination.refresh_from_db()
    assert examination.status == "requested"
