"""A household's file in every app that holds one, and the people who decide on its destruction."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eendak.acute.models import NamedPerson, Photo, Presentation
from eendak.audit.models import EmergencyAccess
from eendak.cases import services as cases
from eendak.conferences.models import AgendaItem, Conference, Measure, Referral
from eendak.core.actors import Actor
from eendak.core.roles import Role
from eendak.intake.models import Report, ReportPerson
from eendak.persons.models import Relationship
from eendak.testing import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def actor_for(membership) -> Actor:
    membership.user.acting_membership = membership
    return Actor(user=membership.user, membership=membership, ip_address="127.0.0.1")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def second_officer(vt):
    return f.membership(Role.PRIVACY_OFFICER, vt)


class World:
    pass


@pytest.fixture
def file_everywhere(household_with_case, vt, hospital, media):
    """The conftest household with a document, a journal, a report naming its persons, a
    Veiligheidsteam referral on an agenda, a measure, a Spoedplein presentation with a photo, a
    relationship, and a break-the-glass grant on it (which the log keeps)."""
    household, case, persons = household_with_case
    parent, partner, child = persons
    world = World()
    world.household, world.case, world.persons = household, case, persons
    vt_worker = f.membership(Role.VT_MONITOR, vt)
    world.document = cases.upload_document(
        actor_for(vt_worker), case, SimpleUploadedFile("verslag.pdf", PDF, "application/pdf"),
        description="Verslag huisbezoek")
    now = timezone.now()
    report = Report.objects.create(
        reference=f"M-{household.reference}", channel="phone", organisation=vt, household=household,
        account="Buren horen geschreeuw (synthetisch).", assessment_due_at=now + timedelta(days=5))
    ReportPerson.objects.create(report=report, person=parent, role="victim")
    world.report = report
    referral = Referral.objects.create(reference=f"VT-{household.reference}", case=case,
                                       requesting_organisation=vt, requested_by=vt_worker.user,
                                       reason="Escalatie (synthetisch)", goal="Veiligheid")
    conference = Conference.objects.create(reference=f"CO-{household.reference}", starts_at=now,
                                           place="ZVH Tilburg", chair=vt_worker.user,
                                           created_by=vt_worker.user)
    AgendaItem.objects.create(conference=conference, referral=referral)
    Measure.objects.create(case=case, person=partner, kind="house_ban",
                           source_organisation=vt, recorded_by=vt_worker.user,
                           starts_on=timezone.localdate())
    clinician = f.membership(Role.HOSPITAL_CLINICIAN, hospital)
    presentation = Presentation.objects.create(
        reference=f"SP-{household.reference}", hospital=hospital, patient=child,
        pathway="child_abuse", arrived_at=now, registered_by=clinician.user)
    NamedPerson.objects.create(presentation=presentation, person=parent, role="companion")
    world.photo = Photo.objects.create(
        presentation=presentation, uploaded_by=clinician.user, original_name="foto.jpg",
        content_type="image/jpeg", size=14, sha256="0" * 64, description="Arm",
        consent_by="Moeder (synthetisch)",
        file=SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff\xe0synthetic", "image/jpeg"))
    Relationship.objects.create(person=parent, other=child, kind="parent")
    world.grant = EmergencyAccess.objects.create(
        user=clinician.user, membership=clinician, household=household,
        reason="Acuut letsel, ouders onbereikbaar (synthetisch)", granted_at=now,
        expires_at=now + timedelta(hours=4))
    return world
