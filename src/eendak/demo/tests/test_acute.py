"""The Spoedplein's demo work: each demo user of the acute pathway finds it at its stage — the
clinician's open presentations of the last hours, the forensic doctor's waiting examination, the
reports at Veilig Thuis with their deadline and decision, the forensic report the police may read —
written through the services, dated from now, with figures over a year; the reset removes it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.acute import queries
from eendak.acute.models import Photo, Presentation
from eendak.acute.workflow import (
    ContactKind,
    ElderAbuseKind,
    FollowUpKind,
    Pathway,
    PresentationStatus,
    ShareBasis,
    SuspectedRelation,
    Willingness,
)
from eendak.audit.models import AccessLogEntry
from eendak.audit.services import verify_chain
from eendak.core.models import Membership
from eendak.core.permissions import allowed
from eendak.intake.queries import work_queue
from eendak.persons.models import Person


def _acting(username):
    membership = Membership.objects.select_related("user", "organisation").get(user__username=username)
    user = membership.user
    user.acting_membership = membership
    return user


def _hours_ago(moment) -> float:
    return (timezone.now() - moment).total_seconds() / 3600


@pytest.fixture
def acute_demo(seed):
    """Enough households for every stage (toddlers, a family with children, a young adult, someone
    over 70). Each test seeds once and checks much: seeding is what costs."""
    return seed(persons=200, seed=1)


def test_every_user_of_the_pathway_finds_its_stage(acute_demo):
    assert "Spoedplein: " in acute_demo and "gemeld bij Veilig Thuis" in acute_demo
    _clinician()
    _forensic_doctor()
    _veilig_thuis()
    _police()
    _pathways()
    _figures()
    assert verify_chain().ok
    # Written through the services: the access log names the demo users' steps.
    steps = set(AccessLogEntry.objects.filter(event__startswith="acute.")
                .values_list("username", "event"))
    assert {("spoedplein", "acute.registered"), ("spoedplein", "acute.reported_to_veilig_thuis"),
            ("forensisch", "acute.forensic_reported"), ("forensisch", "acute.photo_added")} <= steps


def _clinician():
    clinician = _acting("spoedplein")
    waiting = list(queries.open_presentations(clinician))
    assert len(waiting) >= 2
    assert all(_hours_ago(p.arrived_at) < 8 for p in waiting), "open ones arrived within hours"
    newest = queries.detail(clinician, queries.presentation_for(waiting[0].pk))
    # Just registered: a two-year-old with bruises on the body map, not yet screened.
    assert _hours_ago(newest.presentation.arrived_at) < 1
    assert newest.presentation.pathway == Pathway.CHILD_ABUSE
    assert 1 <= newest.presentation.age_in_months() / 12 < 4
    assert len(newest.injuries) >= 2 and newest.screening_applies and not newest.screenings
    assert {"cheeks", "ears"} <= newest.suggested, "the checklist will flag it"
    # Its patient is a synthetic person, found by BSN (no new record).
    assert newest.presentation.patient.is_synthetic


def _forensic_doctor():
    doctor = _acting("forensisch")
    [examination] = queries.examinations_waiting(doctor)
    presentation = examination.presentation
    assert 2.5 < _hours_ago(presentation.arrived_at) < 3.5, "arrived about three hours ago"
    assert presentation.screenings.get().positive
    assert presentation.status == PresentationStatus.OPEN


def _veilig_thuis():
    vt = _acting("intake")
    clinician = _acting("spoedplein")
    sent = queries.presentations(vt)
    reported = [p for p in sent if any(c.kind == ContactKind.REPORT for c in p.contacts.all())]
    assert len(reported) == 2
    # The acute report waits in the intake's queue with its 24 hours running.
    waiting = [r for r in work_queue(vt) if r.channel == "hospital"]
    assert len(waiting) == 1 and waiting[0].is_acute
    assert timezone.now() < waiting[0].assessment_due_at <= waiting[0].received_at + timedelta(hours=24)
    assert "Letselregistratie" in waiting[0].account, "the injury record travels with it"
    # The other was decided by Veilig Thuis; the hospital reads the decision back.
    decided = next(p for p in reported if queries.report_contact(p).report.status != "received")
    detail = queries.detail(clinician, queries.presentation_for(decided.pk))
    [(contact, outcome)] = detail.contacts
    assert outcome.decided and "Besluit van Veilig Thuis" in outcome.state
    assert contact.report.is_synthetic
    assert contact.report.decision.case.household.is_synthetic, "the decision opened the file"
    # The forensic doctor's photograph: the hospital sees it, Veilig Thuis does not.
    [photo] = detail.photos
    assert photo.content_type == "image/png" and photo.file.read(8) == b"\x89PNG\r\n\x1a\n"
    assert not allowed(vt, "acute.view_photos", decided)
    assert allowed(vt, "acute.view_forensic_report", decided)


def _police():
    police = _acting("politie")
    [share] = queries.shared_with(police)
    assert share.basis == ShareBasis.CONSENT_VICTIM
    presentation = share.presentation
    assert allowed(police, "acute.view_forensic_report", presentation)
    assert not allowed(police, "acute.view_presentation", presentation)
    # The Hague protocol: the children reported, the police report filed, follow-up, discharged.
    assert presentation.hague_applies
    assert queries.report_contact(presentation).about_children
    assert presentation.willingness == Willingness.FILED
    assert presentation.police_unit and presentation.police_reference
    assert presentation.follow_ups.filter(kind=FollowUpKind.LOCAL_TEAM).exists()
    assert presentation.status == PresentationStatus.DISCHARGED and presentation.safety_conditions


def _pathways():
    recent = Presentation.objects.filter(arrived_at__gte=timezone.now() - timedelta(days=3))
    violence = recent.get(pathway=Pathway.SEXUAL_VIOLENCE)
    assert violence.is_acute_sexual_violence
    detail = queries.detail(_acting("spoedplein"), queries.presentation_for(violence.pk))
    assert all(done for _label, done in detail.csg_parts), detail.csg_parts
    elder = recent.get(pathway=Pathway.ELDER_ABUSE)
    assert elder.age_in_months() >= 70 * 12
    assert ElderAbuseKind.FINANCIAL in elder.elder_abuse_kinds
    assert elder.suspected_relation == SuspectedRelation.CARER
    assert elder.follow_ups.filter(kind=FollowUpKind.ELDER_CARE).exists()


def _figures():
    months = queries.figures(_acting("spoedplein"))
    assert len(months) >= 10, "a year of presentations, month by month"
    assert sum(m.presentations for m in months) >= 25
    assert any(m.median_hours_to_forensic for m in months)
    assert any(m.median_hours_to_veilig_thuis for m in months)
    assert any(m.reported_to_police for m in months) and any(m.follow_up_started for m in months)
    assert {p for m in months for p, n in m.by_pathway.items() if n} >= {
        str(label) for _value, label in Pathway.choices}
    published = queries.figures(_acting("analist"))  # rounded and suppressed, as the dashboards
    assert sum(1 for m in published if m.presentations != "<5") >= 10, [
        m.presentations for m in published]


def test_the_reset_removes_the_presentations_and_the_photo(seed, django_capture_on_commit_callbacks):
    seed(persons=120, seed=2)
    patients = set(Presentation.objects.values_list("patient_id", flat=True))
    photo = Photo.objects.get()
    storage, name = photo.file.storage, photo.file.name
    assert patients and storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        seed(persons=120, seed=2, reset=True)
    assert not Person.objects.filter(pk__in=patients).exists()
    assert not storage.exists(name)
    assert Presentation.objects.exists(), "and the new demo has its own"
