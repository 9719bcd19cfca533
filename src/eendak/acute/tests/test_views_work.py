"""The Spoedplein's lists: the work list (open first, the time since arrival, what Veilig Thuis did
with its 24-hour deadline while it runs), the forensic doctor's queue (oldest arrival first),
"Mijn werk" and the main menu leading hospital staff there, and the pilot's figures (counts only:
the hospital its own, the analyst the region)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from eendak.acute import services
from eendak.acute.events import Event
from eendak.acute.models import Presentation
from eendak.acute.templatetags.acute import since
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import actor_for
from .views_helpers import last_read, section, text_of, url

pytestmark = pytest.mark.django_db


def _arrived(presentation, hours: float):
    Presentation.objects.filter(pk=presentation.pk).update(
        arrived_at=timezone.now() - timedelta(hours=hours))
    presentation.refresh_from_db()
    return presentation


def test_the_time_since_arrival_reads_as_a_clinician_says_it():
    now = timezone.now()
    assert since(now - timedelta(minutes=45), now) == "45 min"
    assert since(now - timedelta(hours=3, minutes=20), now) == "3 u 20 min"
    assert since(now - timedelta(days=2, hours=4, minutes=5), now) == "2 d 4 u"


def test_the_work_list_shows_open_first_with_veilig_thuis_and_its_deadline(
        toddler, adult, clinician, clinician_actor, login_as):
    _arrived(adult, 5)
    _arrived(toddler, 3.4)
    contact = services.contact_veilig_thuis(clinician_actor, toddler, kind="report",
                                            text="Zorgen.", person_ids=[toddler.patient_id])
    services.record_willingness(clinician_actor, adult, state="willing")
    services.contact_veilig_thuis(clinician_actor, adult, kind="report", text="Haags protocol.",
                                  person_ids=[adult.patient_id])
    services.discharge(clinician_actor, adult, safe_to_go_home="no", destination="shelter",
                       safety_conditions="Naar de opvang.")
    page = login_as(clinician).get(url("work"))
    assert page.status_code == 200
    open_now, discharged = section(page, "open"), section(page, "ontslagen")
    assert toddler.reference in open_now and adult.reference not in open_now
    assert adult.reference in discharged
    row = open_now.split(f'data-presentation="{toddler.reference}"', 1)[1].split("</tr>", 1)[0]
    assert "3 u 2" in row and "geleden" in row  # 3 h 24 min (give or take the test's own minute)
    assert escape(toddler.patient.full_name) in row and "2 jaar" in row
    assert "Kindermishandeling" in row and "niet aangevraagd" in row
    due = timezone.localtime(contact.report.assessment_due_at)
    assert f"beoordeling uiterlijk {due:%d-%m-%Y %H:%M}" in row
    assert "Nog niet gevraagd" in row
    assert "Bereid aangifte te doen" in discharged
    entry = last_read(clinician, Event.WORK)
    assert entry is not None and set(entry.person_ids) == {toddler.patient_id, adult.patient_id}


def test_the_forensic_queue_puts_the_longest_waiting_first(toddler, adult, clinician_actor,
                                                          forensic_doctor, login_as):
    _arrived(toddler, 1)
    _arrived(adult, 6.5)
    services.request_forensic(clinician_actor, toddler, question="Letsel van de peuter.")
    services.request_forensic(clinician_actor, adult, question="Letsel van de moeder.")
    page = login_as(forensic_doctor).get(url("forensic_queue"))
    seen = text_of(page)
    assert seen.index(adult.reference) < seen.index(toddler.reference)
    assert "6 u 30 min" in seen or "6 u 29 min" in seen
    assert "Letsel van de moeder." in seen
    entry = last_read(forensic_doctor, Event.FORENSIC_QUEUE)
    assert set(entry.person_ids) == {toddler.patient_id, adult.patient_id}


def test_mijn_werk_and_the_menu_lead_hospital_staff_to_the_spoedplein(
        toddler, clinician, clinician_actor, forensic_doctor, intake, login_as):
    services.request_forensic(clinician_actor, toddler, question="Vastleggen.")
    home = login_as(clinician).get("/")
    html = home.content.decode()
    menu = html.split('class="eendak-nav__list"', 1)[1].split("</ul>", 1)[0]
    assert f'href="{url("work")}"' in menu and ">Spoedplein<" in menu
    assert "1 patiënt op het Spoedplein" in text_of(home)
    assert "forensisch onderzoek wacht" not in text_of(home)  # the clinician has no queue
    doctor_home = text_of(login_as(forensic_doctor).get("/"))
    assert "1 forensisch onderzoek wacht" in doctor_home
    # What Veilig Thuis decided or advised comes back to the start page.
    services.contact_veilig_thuis(clinician_actor, toddler, kind="advice", text="Wat is wijs?",
                                  person_ids=[])
    contact = toddler.contacts.get()
    contact.advice.advice_given = "Meld het gezin."
    contact.advice.save(update_fields=["advice_given"])
    assert "1 besluit of advies van Veilig Thuis terug" in text_of(login_as(clinician).get("/"))
    # Veilig Thuis has no Spoedplein section of its own (it comes in through the report).
    assert f'href="{url("work")}"' not in login_as(intake).get("/").content.decode()


def test_the_figures_count_without_persons(toddler, adult, clinician, clinician_actor,
                                           forensic_doctor, other_clinician, hospital, login_as):
    _arrived(toddler, 4)
    examination = services.request_forensic(clinician_actor, toddler, question="Vastleggen.")
    services.report_forensic(actor_for(forensic_doctor), examination, findings="B", conclusion="C",
                             examined_at=timezone.now() - timedelta(hours=2))
    services.record_willingness(clinician_actor, toddler, state="willing")
    services.record_willingness(clinician_actor, adult, state="not_willing")
    month = f"{timezone.localtime():%Y-%m}"
    page = login_as(clinician).get(url("figures"))
    assert page.status_code == 200
    row = page.content.decode().split(f'data-month="{month}"', 1)[1].split("</tr>", 1)[0]
    cells = [c.split(">", 1)[1] for c in row.split("<td")[1:]]
    assert cells[0].startswith("2<")  # presentations
    assert cells[5].startswith("2,0")  # median hours to the forensic examination, Dutch comma
    assert cells[7].startswith("50%")  # willing, of the two asked
    assert escape(toddler.patient.full_name) not in page.content.decode()
    assert "uw ziekenhuis" in text_of(page)
    # Another hospital counts only its own (nothing); the analyst the region.
    assert f'data-month="{month}"' not in login_as(other_clinician).get(url("figures")).content.decode()
    analyst = f.membership(Role.ANALYST, hospital)
    regional = login_as(analyst).get(url("figures"))
    assert regional.status_code == 200 and f'data-month="{month}"' in regional.content.decode()
    assert "in de regio" in text_of(regional)
