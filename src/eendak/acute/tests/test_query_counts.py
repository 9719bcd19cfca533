"""The Spoedplein's busiest screens cost the same number of queries however much they show: the work
list (with more presentations, open and discharged, each with an examination and a report to Veilig
Thuis), the presentation page (with more injuries, persons, screenings, photographs, contacts with
Veilig Thuis, shares and follow-ups) and the forensic queue (with more examinations waiting)."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eendak.acute import services
from eendak.persons.registry import PersonData
from eendak.testing.query_counts import assert_flat

from .conftest import actor_for
from .views_helpers import png_bytes, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def make(clinician_actor, vt, tilburg_team):
    """make(n): n more presentations of the hospital, every other one discharged; each with an
    injury, a forensic examination asked for and an acute report to Veilig Thuis."""
    counter = iter(range(1000))

    def add(n: int):
        for _ in range(n):
            i = next(counter)
            presentation = services.register_presentation(clinician_actor, services.PresentationData(
                pathway="domestic_violence",
                patient_data=PersonData(given_names="Test", surname=f"Testpatient{i}",
                                        date_of_birth=date(1985, 1, 1) + timedelta(days=i)),
                municipality_id=tilburg_team.municipality_id))
            services.record_injury(clinician_actor, presentation, services.InjuryData(
                region="upper_arm_left", kind="bruise"))
            services.request_forensic(clinician_actor, presentation, question="Vastleggen.")
            services.contact_veilig_thuis(clinician_actor, presentation, kind="report",
                                          text="Zorgen.", person_ids=[presentation.patient_id])
            if i % 2:
                services.discharge(clinician_actor, presentation, safe_to_go_home="yes",
                                   destination="home", safety_conditions="Partner slaapt elders.")

    return add


def test_the_work_list_does_not_grow(make, clinician, login_as, capsys):
    make(2)
    assert_flat(capsys, "werklijst Spoedplein", login_as(clinician), url("work"),
                grow=lambda: make(6))


def test_the_forensic_queue_does_not_grow(make, forensic_doctor, login_as, capsys):
    make(2)
    assert_flat(capsys, "wachtrij forensisch onderzoek", login_as(forensic_doctor),
                url("forensic_queue"), grow=lambda: make(5))


def test_the_presentation_page_does_not_grow(toddler, clinician, clinician_actor, forensic_doctor,
                                             police, login_as, capsys):
    counter = iter(range(1000))
    examination = services.request_forensic(clinician_actor, toddler, question="Vastleggen.")
    services.report_forensic(actor_for(forensic_doctor), examination, findings="B", conclusion="C")

    def add(n: int):
        for _ in range(n):
            i = next(counter)
            services.record_injury(clinician_actor, toddler, services.InjuryData(
                region=["cheek_left", "ear_right", "upper_back", "thigh_left"][i % 4],
                kind="bruise", patterned=bool(i % 2), pattern="Lus" if i % 2 else ""))
            services.name_person(clinician_actor, toddler, role="companion", data=PersonData(
                given_names="Begeleider", surname=f"Testbegeleider{i}",
                date_of_birth=date(1980, 1, 1) + timedelta(days=i)))
            services.record_screening(clinician_actor, toddler, ticked=["cheeks"])
            services.add_photo(clinician_actor, toddler,
                               SimpleUploadedFile(f"foto{i}.png", png_bytes()),
                               description=f"Foto {i}", consent_by="Moeder")
            services.contact_veilig_thuis(clinician_actor, toddler, kind="advice", text="Advies?",
                                          person_ids=[toddler.patient_id])
            services.share_forensic_report(clinician_actor, toddler, organisation=police,
                                           item="forensic_report", basis="court_order")
            services.record_follow_up(clinician_actor, toddler, kind="other",
                                      note=f"Afspraak {i}", started_on=timezone.localdate())

    add(1)
    assert_flat(capsys, "presentatie", login_as(clinician), url("presentation", toddler.pk),
                grow=lambda: add(4))
