"""The pathway's rules, below the screens and the API: each step refuses bad data with a Dutch
message naming the field, changes nothing then, and writes its access-log entry when it succeeds."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from eendak.acute import services
from eendak.acute.models import Injury, Presentation
from eendak.audit.models import AccessLogEntry
from eendak.core.exceptions import NotPermitted, RuleViolation
from eendak.intake.models import Report
from eendak.persons.registry import PersonData

from .conftest import actor_for


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 60, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def bruise(region="cheek_left", **extra):
    return services.InjuryData(region=region, kind="bruise", **extra)


@pytest.mark.django_db
def test_a_toddler_with_bruises_goes_the_whole_way(toddler, clinician_actor, forensic_doctor,
                                                   intake):
    services.record_injury(clinician_actor, toddler, bruise("cheek_left", length_mm=20))
    services.record_injury(clinician_actor, toddler, bruise("ear_right"))
    services.record_injury(clinician_actor, toddler, services.InjuryData(
        region="upper_back", kind="bruise", patterned=True, pattern="Handafdruk"))
    from eendak.acute import queries, screening

    suggested = screening.suggested(toddler.injuries.all(), toddler.age_in_months())
    assert suggested == {"cheeks", "ears", "torso", "patterned"}
    result = services.record_screening(clinician_actor, toddler, ticked=sorted(suggested))
    assert result.positive

    examination = services.request_forensic(clinician_actor, toddler,
                                            question="Letsel vastleggen; past het bij een val?")
    doctor = actor_for(forensic_doctor)
    services.report_forensic(doctor, examination, findings="Drie hematomen.",
                             conclusion="Niet passend bij een val van de bank.")
    contact = services.contact_veilig_thuis(clinician_actor, toddler, kind="report",
                                            text="Zorgen over mishandeling.",
                                            person_ids=[toddler.patient_id])
    report = contact.report
    assert report.organisation_id == intake.organisation_id and report.channel == "hospital"
    assert report.is_acute and report.assessment_due_at <= report.received_at + timedelta(hours=24)
    assert "Niet passend bij een val" in report.account and "Wang links" in report.account
    assert queries.outcome(contact).decided is False
    assert AccessLogEntry.objects.filter(event="acute.reported_to_veilig_thuis").exists()


@pytest.mark.django_db
def test_bad_input_is_refused_and_changes_nothing(toddler, clinician_actor, adult):
    with pytest.raises(RuleViolation) as refused:
        services.record_injury(clinician_actor, toddler, services.InjuryData(region="", kind="bruise"))
    assert refused.value.field == "region" and Injury.objects.count() == 0
    with pytest.raises(RuleViolation) as refused:
        services.add_photo(clinician_actor, toddler,
                           SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not an image"),
                           description="Wang", consent_by="Moeder")
    assert "geen foto" in str(refused.value)
    with pytest.raises(RuleViolation) as refused:
        services.contact_veilig_thuis(clinician_actor, toddler, kind="report", text="Zorg",
                                      person_ids=[])
    assert refused.value.field == "persons" and not Report.objects.exists()
    with pytest.raises(RuleViolation):
        services.record_screening(clinician_actor, adult, ticked=[])
    with pytest.raises(RuleViolation) as refused:
        services.discharge(clinician_actor, adult, safe_to_go_home="yes", destination="home",
                           safety_conditions="Partner slaapt elders.")
    assert "Haags protocol" in str(refused.value)
    assert Presentation.objects.get(pk=adult.pk).status == "open"


@pytest.mark.django_db
def test_photo_and_sharing_with_the_police_need_a_basis(toddler, clinician_actor, forensic_doctor,
                                                         police):
    photo = services.add_photo(clinician_actor, toddler,
                               SimpleUploadedFile("x.png", png_bytes()), description="Wang links",
                               consent_by="Moeder")
    assert photo.content_type == "image/png"
    examination = services.request_forensic(clinician_actor, toddler, question="Vastleggen")
    services.report_forensic(actor_for(forensic_doctor), examination, findings="B", conclusion="C")
    for basis in ("", "meldrecht", "consent_victim"):
        with pytest.raises(RuleViolation):
            services.share_forensic_report(clinician_actor, toddler, organisation=police,
                                           item="forensic_report", basis=basis)
    share = services.share_forensic_report(clinician_actor, toddler, organisation=police,
                                           item="forensic_report", basis="consent_representative")
    assert share.basis == "consent_representative"


@pytest.mark.django_db
def test_another_hospital_and_the_clinician_cannot_report_forensics(toddler, other_clinician,
                                                                     clinician_actor):
    with pytest.raises(NotPermitted):
        services.record_injury(actor_for(other_clinician), toddler, bruise())
    examination = services.request_forensic(clinician_actor, toddler, question="Vastleggen")
    with pytest.raises(NotPermitted):
        services.report_forensic(clinician_actor, examination, findings="B", conclusion="C")


@pytest.mark.django_db
def test_hague_protocol_children_reported_then_discharge(adult, clinician_actor, tilburg_team):
    born = timezone.localdate() - timedelta(days=6 * 365)
    child = services.name_person(clinician_actor, adult, role="child_at_home",
                                 data=PersonData(given_names="Kim", surname="Testouder",
                                                 date_of_birth=born))
    contact = services.contact_veilig_thuis(clinician_actor, adult, kind="report",
                                            text="Haags protocol.", about_children=True,
                                            person_ids=[adult.patient_id, child.person_id])
    roles = dict(contact.report.involved.values_list("person_id", "role"))
    assert roles == {adult.patient_id: "other", child.person_id: "child"}
    services.discharge(clinician_actor, adult, safe_to_go_home="no", destination="shelter",
                       safety_conditions="Met de kinderen naar de opvang.")
    assert Presentation.objects.get(pk=adult.pk).status == "discharged"


@pytest.mark.django_db
def test_the_matcher_offers_only_whom_the_hospital_knows(toddler, other_clinician,
                                                        clinician_actor):
    mine = services.find_patient(clinician_actor, surname="Testkind", given_names="Noor",
                                 date_of_birth=toddler.patient.date_of_birth)
    assert [c.person for c in mine] == [toddler.patient]
    theirs = services.find_patient(actor_for(other_clinician), surname="Testkind",
                                   given_names="Noor", date_of_birth=toddler.patient.date_of_birth)
    assert theirs == []


@pytest.mark.django_db
def test_a_bsn_known_elsewhere_is_not_revealed_but_links_the_same_person(clinician_actor, vt,
                                                                        tilburg_team):
    from eendak.testing import factories as f

    bsn = f.test_bsn()
    known = f.person_in(f.HouseholdFactory(), "parent", bsn=bsn)
    assert services.find_patient(clinician_actor, bsn=bsn) == []
    presentation = services.register_presentation(clinician_actor, services.PresentationData(
        pathway="domestic_violence", municipality_id=tilburg_team.municipality_id,
        patient_data=PersonData(given_names=known.given_names, surname=known.surname, bsn=bsn,
                                date_of_birth=known.date_of_birth)))
    assert presentation.patient_id == known.pk
    again = services.find_patient(clinician_actor, bsn=bsn)
    assert [c.person for c in again] == [known]


@pytest.mark.django_db
def test_a_bsn_with_other_details_is_not_linked_and_tells_nothing(clinician_actor, tilburg_team):
    """A BSN the hospital does not know, typed with another name or date of birth (a typing error,
    or a try): the patient is recorded as typed, without the BSN — no refusal that would say the BSN
    is known here, and nothing of the other record shown."""
    from datetime import date

    from eendak.testing import factories as f

    bsn = f.test_bsn()
    known = f.person_in(f.HouseholdFactory(), "parent", bsn=bsn)
    other_day = (known.date_of_birth or date(1980, 1, 1)) + timedelta(days=400)
    presentation = services.register_presentation(clinician_actor, services.PresentationData(
        pathway="domestic_violence", municipality_id=tilburg_team.municipality_id,
        patient_data=PersonData(given_names="Iemand", surname="Anders", bsn=bsn,
                                date_of_birth=other_day)))
    patient = presentation.patient
    assert patient.pk != known.pk and (patient.surname, patient.date_of_birth) == ("Anders",
                                                                                  other_day)
    assert patient.bsn.status == "absent"


@pytest.mark.django_db
def test_the_figures_cover_twelve_months_counting_this_one(toddler, clinician_actor):
    from datetime import date

    from eendak.acute import queries

    Presentation.objects.filter(pk=toddler.pk).update(
        arrived_at=timezone.make_aware(timezone.datetime(2025, 12, 15, 12)))
    assert queries.figures(clinician_actor, today=date(2026, 12, 7)) == []
    Presentation.objects.filter(pk=toddler.pk).update(
        arrived_at=timezone.make_aware(timezone.datetime(2026, 1, 2, 12)))
    months = [m.month for m in queries.figures(clinician_actor, today=date(2026, 12, 7))]
    assert months == ["2026-01"]


@pytest.mark.django_db
def test_registering_twice_with_one_key_makes_one_presentation(clinician_actor, toddler_data):
    data = services.PresentationData(pathway="child_abuse", patient_data=toddler_data,
                                     submission_key="een-formulier")
    first = services.register_presentation(clinician_actor, data)
    assert services.register_presentation(clinician_actor, data) == first
    assert Presentation.objects.count() == 1
