"""Need to know on the Spoedplein, below the screens and the API: what each organisation finds in the
querysets and read models every page, endpoint and PDF is built on (``acute.permissions``,
``acute.queries``), and whom the patient search offers.

- A presentation is the hospital's own record: another hospital finds nothing of it; Veilig Thuis
  only what was sent to it (a consultation or a report); the police never the presentation.
- The forensic queue is the hospital's forensic doctors' own.
- Photographs stay in the hospital unless they were shared on a recorded basis: Veilig Thuis, reading
  the presentation it was sent, does not see them.
- The forensic report leaves the hospital only on a recorded basis: the police read it after a share
  and not before, and a share without a valid basis is refused and opens nothing.
- The patient search never offers a person the hospital does not know, by name or by BSN.
"""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from eendak.acute import queries, services
from eendak.acute.permissions import forensic_queue, shares_with, visible_presentations
from eendak.audit.models import AccessLogEntry, EmergencyAccess
from eendak.core.exceptions import NotPermitted, RuleViolation
from eendak.core.models import Organisation
from eendak.core.permissions import allowed
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.persons.registry import PersonData
from eendak.testing import factories as f

from .conftest import actor_for

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 60, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def reported(clinician_actor, forensic_doctor, presentation):
    """The forensic doctor reported the examination of ``presentation``."""
    examination = services.request_forensic(clinician_actor, presentation, question="Vastleggen.")
    return services.report_forensic(actor_for(forensic_doctor), examination,
                                    findings="Hematoom wang links.", conclusion="Niet passend.")


def ids(queryset) -> set:
    return set(queryset.values_list("pk", flat=True))


@pytest.fixture
def hospitals(hospital, other_hospital):
    """The hospital of ``clinician`` and a second one (resolved in this order: ``hospital`` is the
    first hospital by name, which the second must not be)."""
    assert hospital != other_hospital
    return hospital, other_hospital


@pytest.fixture
def second_vt(region):
    return Organisation.objects.create(name="Veilig Thuis Zeeland (test)", type=T.VEILIG_THUIS)


@pytest.fixture
def second_police(region):
    return Organisation.objects.create(name="Politie Eenheid Oost-Brabant (test)", type=T.POLICE)


# --- Presentations: the hospital's own, Veilig Thuis what was sent to it ---------------------------


def test_a_hospital_sees_its_own_presentations_and_another_hospital_none(
        hospitals, toddler, adult, clinician, forensic_doctor, other_clinician):
    hospital, other_hospital = hospitals
    for member in (clinician, forensic_doctor):
        assert ids(visible_presentations(actor_for(member))) == {toddler.pk, adult.pk}
        assert {p.pk for p in queries.presentations(actor_for(member))} == {toddler.pk, adult.pk}
        assert allowed(actor_for(member), "acute.view_presentation", toddler)
    other = actor_for(other_clinician)
    assert ids(visible_presentations(other)) == set()
    assert list(queries.presentations(other)) == []
    for name in ("acute.view_presentation", "acute.view_forensic_report", "acute.view_photos",
                 "acute.change_presentation"):
        assert not allowed(other, name, toddler), name
    # Its own presentation is its own: the first hospital does not see it either.
    theirs = services.register_presentation(other, services.PresentationData(
        pathway="domestic_violence",
        patient_data=PersonData(given_names="Ria", surname="Testander", date_of_birth=date(1970, 1, 1))))
    assert ids(visible_presentations(actor_for(clinician))) == {toddler.pk, adult.pk}
    assert ids(visible_presentations(other)) == {theirs.pk}


def test_staff_without_client_data_at_the_hospital_see_no_presentation(hospitals, toddler):
    hospital, _other = hospitals
    for role in (Role.LOG_ADMIN, Role.PRIVACY_OFFICER, Role.ANALYST, Role.FUNCTIONAL_ADMIN):
        who = actor_for(f.membership(role, hospital))
        assert ids(visible_presentations(who)) == set(), role
        assert not allowed(who, "acute.view_presentation", toddler), role
        assert not allowed(who, "acute.view_work", None), role
        assert ids(forensic_queue(who)) == set(), role


def test_veilig_thuis_sees_only_what_was_sent_to_it(toddler, adult, clinician_actor, intake,
                                                    second_vt):
    vt = actor_for(intake)
    elsewhere = actor_for(f.membership(Role.VT_INTAKE, second_vt))
    assert ids(visible_presentations(vt)) == set()
    assert not allowed(vt, "acute.view_presentation", toddler)

    services.contact_veilig_thuis(clinician_actor, toddler, kind="report", text="Zorgen.",
                                  person_ids=[toddler.patient_id])
    assert ids(visible_presentations(vt)) == {toddler.pk}  # not the adult: nothing was sent
    assert [p.pk for p in queries.presentations(vt)] == [toddler.pk]
    assert allowed(vt, "acute.view_presentation", toddler)
    assert not allowed(vt, "acute.view_presentation", adult)
    # Another Veilig Thuis, the region's Veilig Thuis's staff without client data: nothing.
    assert ids(visible_presentations(elsewhere)) == set()
    assert not allowed(elsewhere, "acute.view_presentation", toddler)
    log_admin = actor_for(f.membership(Role.LOG_ADMIN, intake.organisation))
    assert ids(visible_presentations(log_admin)) == set()
    # Veilig Thuis reads what it was sent; it never records on the hospital's presentation.
    with pytest.raises(NotPermitted):
        services.record_injury(vt, toddler, services.InjuryData(region="ear_left", kind="bruise"))


def test_a_consultation_opens_the_presentation_to_veilig_thuis(adult, clinician_actor, intake):
    """As declared (acute.view_presentation: "consulted on or reported to"), a consultation is
    enough, also one that names nobody."""
    vt = actor_for(intake)
    services.contact_veilig_thuis(clinician_actor, adult, kind="advice", text="Wat is wijs?",
                                  person_ids=[])
    assert ids(visible_presentations(vt)) == {adult.pk}


def test_the_police_never_see_the_presentation_even_with_a_share(toddler, clinician_actor,
                                                                 forensic_doctor, liaison):
    police = actor_for(liaison)
    reported(clinician_actor, forensic_doctor, toddler)
    services.share_forensic_report(clinician_actor, toddler, organisation=liaison.organisation,
                                   item="photos", basis="court_order")
    assert ids(visible_presentations(police)) == set()
    assert not allowed(police, "acute.view_presentation", toddler)
    assert not allowed(police, "acute.view_work", None)
    assert allowed(police, "acute.view_forensic_report", toddler)


# --- The forensic queue: the hospital's forensic doctors ---------------------------------------------


def test_the_forensic_queue_is_the_hospitals_forensic_doctors_own(
        hospitals, toddler, adult, clinician, clinician_actor, forensic_doctor, other_hospital,
        intake):
    hospital, _other = hospitals
    waiting = services.request_forensic(clinician_actor, adult, question="Letsel vastleggen.")
    reported(clinician_actor, forensic_doctor, toddler)
    doctor = actor_for(forensic_doctor)
    assert ids(forensic_queue(doctor)) == {waiting.pk}  # requested; the reported one left the queue
    assert [e.pk for e in queries.examinations_waiting(doctor)] == [waiting.pk]
    assert allowed(doctor, "acute.view_forensic_queue")
    nobody = [actor_for(clinician),
              actor_for(f.membership(Role.FORENSIC_DOCTOR, other_hospital)),
              actor_for(f.membership(Role.FORENSIC_DOCTOR, intake.organisation)),  # at Veilig Thuis
              actor_for(intake)]
    for who in nobody:
        assert ids(forensic_queue(who)) == set(), who.membership.role
        assert list(queries.examinations_waiting(who)) == []
    # Another hospital's forensic doctor has a queue, its own hospital's (empty here); the others none.
    assert [allowed(who, "acute.view_forensic_queue") for who in nobody] == [False, True, False, False]
    # Another hospital's forensic doctor cannot report the examination either.
    with pytest.raises(NotPermitted):
        services.report_forensic(nobody[1], waiting, findings="B", conclusion="C")


# --- Photographs: the hospital, and whom they were shared with on a basis ---------------------------


def test_veilig_thuis_reads_the_report_it_was_sent_but_never_the_photographs(
        toddler, clinician_actor, forensic_doctor, intake, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    vt = actor_for(intake)
    reported(clinician_actor, forensic_doctor, toddler)
    photo = services.add_photo(clinician_actor, toddler, SimpleUploadedFile("wang.png", png_bytes()),
                               description="Wang links", consent_by="Moeder")
    services.contact_veilig_thuis(clinician_actor, toddler, kind="report", text="Zorgen.",
                                  person_ids=[toddler.patient_id])
    assert allowed(vt, "acute.view_forensic_report", toddler)
    assert not allowed(vt, "acute.view_photos", toddler)
    seen = queries.detail(vt, queries.presentation_for(toddler.pk))
    assert seen.can_see_forensic_report and seen.examination.conclusion == "Niet passend."
    assert not seen.can_see_photos and seen.photos == []
    # The hospital sees them.
    own = queries.detail(clinician_actor, queries.presentation_for(toddler.pk))
    assert own.can_see_photos and [p.pk for p in own.photos] == [photo.pk]
    # Shared without the photographs: still none. With them, on meldrecht: now Veilig Thuis sees them.
    services.share_forensic_report(clinician_actor, toddler, organisation=intake.organisation,
                                   item="forensic_report", basis="meldrecht")
    assert not allowed(vt, "acute.view_photos", toddler)
    services.share_forensic_report(clinician_actor, toddler, organisation=intake.organisation,
                                   item="photos", basis="meldrecht")
    assert allowed(vt, "acute.view_photos", toddler)
    assert [p.pk for p in queries.detail(vt, queries.presentation_for(toddler.pk)).photos] == [photo.pk]


def test_another_hospital_never_sees_the_photographs(toddler, clinician_actor, other_clinician):
    assert allowed(clinician_actor, "acute.view_photos", toddler)
    assert not allowed(actor_for(other_clinician), "acute.view_photos", toddler)


# --- The forensic report and the police: only after a share on a basis -----------------------------


def test_the_police_read_the_forensic_report_only_after_a_share_on_a_basis(
        toddler, clinician_actor, forensic_doctor, liaison, second_police):
    police = actor_for(liaison)
    other_unit = actor_for(f.membership(Role.PARTNER_LIAISON, second_police))
    reported(clinician_actor, forensic_doctor, toddler)
    assert not allowed(police, "acute.view_forensic_report", toddler)
    assert ids(shares_with(police)) == set()

    # No basis, meldrecht (Veilig Thuis only), the victim's own consent at two: refused, nothing opens.
    for basis in ("", "meldrecht", "consent_victim", "onbekend"):
        with pytest.raises(RuleViolation) as refused:
            services.share_forensic_report(clinician_actor, toddler, organisation=liaison.organisation,
                                           item="forensic_report", basis=basis)
        assert refused.value.field == "basis", basis
        assert not allowed(police, "acute.view_forensic_report", toddler), basis
    assert ids(shares_with(police)) == set()

    share = services.share_forensic_report(clinician_actor, toddler,
                                           organisation=liaison.organisation, item="forensic_report",
                                           basis="consent_representative")
    assert allowed(police, "acute.view_forensic_report", toddler)
    assert not allowed(police, "acute.view_photos", toddler)  # the report, not its photographs
    assert ids(shares_with(police)) == {share.pk}
    assert [s.pk for s in queries.shared_with(police)] == [share.pk]
    seen = queries.detail(police, queries.presentation_for(toddler.pk))
    assert seen.can_see_forensic_report and not seen.can_see_photos and seen.photos == []
    # Another police unit: nothing, and the hospital itself has no "shared with" list.
    assert not allowed(other_unit, "acute.view_forensic_report", toddler)
    assert ids(shares_with(other_unit)) == set()
    assert ids(shares_with(clinician_actor)) == set()


def test_no_share_before_the_forensic_report_exists(toddler, clinician_actor, liaison):
    with pytest.raises(RuleViolation):
        services.share_forensic_report(clinician_actor, toddler, organisation=liaison.organisation,
                                       item="forensic_report", basis="court_order")
    assert not allowed(actor_for(liaison), "acute.view_forensic_report", toddler)


def test_the_hidden_forensic_conclusion_stays_hidden_in_the_read_model(toddler, clinician_actor,
                                                                       forensic_doctor, intake):
    """Veilig Thuis consulted on a presentation sees the injury record; an organisation without the
    forensic report's right is not handed the reported examination by the read model."""
    reported(clinician_actor, forensic_doctor, toddler)
    stranger = actor_for(f.membership(Role.LOCAL_TEAM_WORKER, f.organisation(T.LOCAL_TEAM, "Tilburg")))
    seen = queries.detail(stranger, queries.presentation_for(toddler.pk))
    assert not seen.can_see_forensic_report and seen.examination is None


# --- The patient search: only whom the hospital knows ---------------------------------------------


def test_the_matcher_never_offers_a_person_only_veilig_thuis_knows(clinician_actor, vt, tilburg_team):
    household = f.HouseholdFactory()
    bsn = f.test_bsn()
    known_to_vt = f.person_in(household, "parent", bsn=bsn, given_names="Fenna", surname="Vtbekend",
                              date_of_birth=date(1985, 3, 3))
    f.case_for(household, vt, tilburg_team)  # Veilig Thuis and the local team hold the file
    by_name = services.find_patient(clinician_actor, surname="Vtbekend", given_names="Fenna",
                                    date_of_birth=date(1985, 3, 3))
    assert by_name == []
    assert services.find_patient(clinician_actor, bsn=bsn) == []
    entry = AccessLogEntry.objects.filter(event="acute.patient_search").order_by("-pk").first()
    assert entry is not None and list(entry.person_ids) == []  # the search named nobody it hid
    # Nor can the hospital pick the person by id, as patient or as a person named with one.
    with pytest.raises(RuleViolation) as refused:
        services.register_presentation(clinician_actor, services.PresentationData(
            pathway="domestic_violence", patient=known_to_vt))
    assert refused.value.field == "patient"


def test_the_matcher_offers_a_person_of_a_case_the_hospital_takes_part_in(clinician, clinician_actor,
                                                                          vt):
    household = f.HouseholdFactory()
    person = f.person_in(household, "parent", given_names="Lotte", surname="Gedeeld",
                         date_of_birth=date(1987, 7, 7))
    f.case_for(household, vt, clinician.organisation)
    found = services.find_patient(clinician_actor, surname="Gedeeld", given_names="Lotte",
                                  date_of_birth=date(1987, 7, 7))
    assert [c.person for c in found] == [person]
    entry = AccessLogEntry.objects.filter(event="acute.patient_search").order_by("-pk").first()
    assert list(entry.person_ids) == [person.pk]


def test_the_matcher_never_offers_another_hospitals_patients(hospitals, toddler, adult,
                                                             clinician_actor, other_clinician):
    named = services.name_person(clinician_actor, toddler, role="suspect", data=PersonData(
        given_names="Bram", surname="Pleger", date_of_birth=date(1980, 8, 8)))
    other = actor_for(other_clinician)
    for surname, given, born in (("Testkind", "Noor", toddler.patient.date_of_birth),
                                 ("Testouder", "Sara", date(1990, 5, 4)),
                                 ("Pleger", "Bram", date(1980, 8, 8))):
        assert services.find_patient(other, surname=surname, given_names=given,
                                     date_of_birth=born) == [], surname
    with pytest.raises(RuleViolation):
        services.register_presentation(other, services.PresentationData(
            pathway="domestic_violence", patient=named.person))
    # The hospital that named the person finds them.
    mine = services.find_patient(clinician_actor, surname="Pleger", given_names="Bram",
                                 date_of_birth=date(1980, 8, 8))
    assert [c.person for c in mine] == [named.person]


def test_naming_a_person_the_hospital_does_not_know_is_refused(toddler, clinician_actor, vt):
    household = f.HouseholdFactory()
    stranger = f.person_in(household, "parent")
    f.case_for(household, vt)
    with pytest.raises(RuleViolation) as refused:
        services.name_person(clinician_actor, toddler, role="suspect", person=stranger)
    assert refused.value.field == "person"
    assert not toddler.named_persons.filter(person=stranger).exists()


def test_the_figures_of_a_hospital_are_its_own(hospitals, toddler, adult, clinician_actor,
                                              other_clinician):
    mine = queries.figures(clinician_actor)
    assert sum(month.presentations for month in mine) == 2
    assert queries.figures(actor_for(other_clinician)) == []
    analyst = actor_for(f.membership(Role.ANALYST, f.organisation(T.OTHER)))
    # The region's figures name no one: two presentations are published as "<5".
    assert [m.presentations for m in queries.figures(analyst)] == ["<5"]
    assert allowed(analyst, "acute.view_figures") and not allowed(analyst, "acute.view_work")


@pytest.mark.django_db
def test_a_person_seen_only_through_the_glass_is_not_offered_by_the_search(clinician,
                                                                         clinician_actor, vt):
    household = f.HouseholdFactory()
    f.person_in(household, "parent", given_names="Glas", surname="Gebroken",
                date_of_birth=date(1980, 1, 1))
    f.case_for(household, vt)
    EmergencyAccess.objects.create(user=clinician.user, membership=clinician, household=household,
                                   reason="Kind met letsel op de SEH.",
                                   expires_at=timezone.now() + timedelta(hours=1))
    found = services.find_patient(clinician_actor, surname="Gebroken", given_names="Glas",
                                  date_of_birth=date(1980, 1, 1))
    entry = AccessLogEntry.objects.filter(event="acute.patient_search").order_by("-pk").first()
    # Not offered: the hospital holds no file of this household; the glass is for reading it.
    assert [c.person for c in found] == [] and not entry.subjects.exists()


@pytest.mark.django_db
def test_another_role_held_at_a_hospital_is_not_the_spoedplein(toddler, hospital):
    """A member of the Veiligheidsteam employed by the hospital is not its emergency department."""
    member = f.membership(Role.SAFETY_TEAM_MEMBER, hospital)
    assert not allowed(actor_for(member), "acute.view_presentation", toddler)
    assert not allowed(actor_for(member), "acute.register_presentation")
    assert not queries.presentations(actor_for(member)).exists()
