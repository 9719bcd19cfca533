"""What the two permission matrices share: the tally of combinations each checked, and the lines printed
when the run ends — each matrix its own count, then one grand total of reads and changes.

``tests/test_permission_matrix.py`` checks the reads (role x view x relation) and
``tests/test_permission_matrix_changes.py`` the changes (role x action x relation). Each calls
``started`` when its first test runs and ``finished`` when the session ends; the last one to finish
also prints the grand total, so one number covers every combination the run asserted.

Both also check the acute pathway (the Spoedplein's presentations, issue 10) in a world of its own,
built here once for both: ``AcuteRelation``, ``acute_relations`` and ``build_acute_world``.

Under pytest-xdist a worker has no terminal: each line is handed to the main process as a warning,
which lists it at the end of the run, one line per worker with that worker's share (add them up).
"""

import io
import os
import warnings
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from unittest.mock import patch

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from eendak.acute import services as acute
from eendak.acute.models import ForensicExamination, Injury, Photo, Presentation
from eendak.core.actors import Actor
from eendak.core.models import Municipality, Organisation
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.persons.registry import PersonData
from eendak.testing import factories as f

MATRICES = ("reads", "changes")  # the order of the grand total

_counts: dict[str, int] = {}
_running: set[str] = set()


def started(matrix: str) -> None:
    _running.add(matrix)


def finished(request, matrix: str, count: int, line: str) -> None:
    """Print ``line`` (this matrix's own count); when no other matrix is still running, the grand
    total of every matrix that ran in this process too."""
    _counts[matrix] = count
    _running.discard(matrix)
    lines = [line]
    if not _running:
        lines.append(grand_total())
    _emit(request, lines)


def grand_total() -> str:
    parts = [f"{name} {_counts[name]}" if name in _counts else f"{name} not run"
             for name in MATRICES]
    total = sum(_counts.values())
    return (f"permission matrix, reads and changes: {total} (role, action or view, relation) "
            f"combinations checked — " + ", ".join(parts))


def _emit(request, lines: list[str]) -> None:
    plugins = request.config.pluginmanager
    reporter, capture = plugins.getplugin("terminalreporter"), plugins.getplugin("capturemanager")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        # An xdist worker has no terminal; a warning is what it hands to the main process, which
        # lists it at the end of the run (one line per worker, each with its share of the matrix).
        for line in lines:
            warnings.warn(f"{line} [worker {worker}]", UserWarning, stacklevel=1)
    elif reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # past the output capture: no -s needed
            reporter.write_line("")
            for line in lines:
                reporter.write_line(line)
    else:
        for line in lines:
            print(line)


# --- The acute pathway (issue 10): a presentation at a hospital, and how an organisation relates to it
#
# The Spoedplein's presentation is the hospital's own record, not a household's shared file, so its
# relations are its own: the hospital it is at, the Veilig Thuis it was sent to, an organisation its
# forensic report was shared with on a recorded basis. Both matrices build the same world around the
# user's organisation (``build_acute_world``) and check it for every relation that applies to the
# role's organisation type (``acute_relations``).


class AcuteRelation(StrEnum):
    OWN_HOSPITAL = "own_hospital"       # the presentation is at the user's own hospital
    OTHER_HOSPITAL = "other_hospital"   # another hospital's; nothing of it sent or shared to the user's
    VT_CONSULTED = "vt_consulted"       # the user's Veilig Thuis was consulted on it (advice), no report
    VT_REPORTED = "vt_reported"         # the user's Veilig Thuis was consulted and received the report
    SHARED_REPORT = "shared_report"     # the forensic report shared with the user's organisation (a basis)
    SHARED_PHOTOS = "shared_photos"     # ... the forensic report with its photographs


def acute_relations(org_type: str) -> list[AcuteRelation]:
    """A hospital: its own presentation or another's. Everybody else: another hospital's presentation
    with nothing for it, or its forensic report shared with it (without or with the photographs);
    Veilig Thuis also consulted on it, or reported to. A report is never shared within a hospital."""
    if org_type == T.HOSPITAL:
        return [AcuteRelation.OWN_HOSPITAL, AcuteRelation.OTHER_HOSPITAL]
    relations = [AcuteRelation.OTHER_HOSPITAL, AcuteRelation.SHARED_REPORT,
                 AcuteRelation.SHARED_PHOTOS]
    if org_type == T.VEILIG_THUIS:
        relations += [AcuteRelation.VT_CONSULTED, AcuteRelation.VT_REPORTED]
    return relations


def acute_parties() -> tuple:
    """The world's own parties, never the user's organisation: another hospital, another Veilig Thuis
    (that is sent what the user's is not) and another police unit (the report is shared with it)."""
    names = (("Amphia Ziekenhuis (matrix)", T.HOSPITAL), ("Veilig Thuis Zeeland (matrix)", T.VEILIG_THUIS),
             ("Politie Eenheid Oost-Brabant (matrix)", T.POLICE))
    return tuple(Organisation.objects.get_or_create(name=name, defaults={"type": org_type})[0]
                 for name, org_type in names)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 60, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def acting(membership) -> Actor:
    membership.user.acting_membership = membership
    return Actor(user=membership.user, membership=membership, ip_address="127.0.0.1")


@dataclass
class AcuteWorld:
    relation: str
    membership: object
    actor: Actor                  # the user, acting for their organisation
    user_org: Organisation
    hospital: Organisation        # where the presentations are
    other_police: Organisation    # the police unit the report was shared with (not the user's)
    clinician: Actor              # of ``hospital``
    forensic_doctor: Actor        # of ``hospital``
    presentation: Presentation    # the toddler: recorded, examined, sent to Veilig Thuis, shared
    injury: Injury
    photo: Photo
    examination: ForensicExamination  # the toddler's, reported
    waiting: Presentation         # an adult waiting for the forensic doctor: nothing sent or shared
    waiting_examination: ForensicExamination  # requested
    extra: dict = field(default_factory=dict)


TODDLER = "Matrixkind"
ADULT = "Matrixouder"


def build_acute_world(relation: str, membership, parties: tuple) -> AcuteWorld:
    """Two presentations at one hospital (the user's own for ``own_hospital``), made through the
    services as the hospital would: a two-year-old with a bruise on the cheek, screened, examined and
    reported by the forensic doctor, photographed, consulted on and reported to a Veilig Thuis (the
    user's where the relation says so), the forensic report with photographs shared with another
    police unit on the representative's consent (and with the user's organisation where the
    relation says so); and an adult waiting for the forensic doctor, sent and shared nowhere."""
    other_hospital, other_vt, other_police = parties
    user_org = membership.organisation
    hospital = user_org if relation == AcuteRelation.OWN_HOSPITAL else other_hospital
    clinician = acting(f.membership(Role.HOSPITAL_CLINICIAN, hospital))
    doctor = acting(f.membership(Role.FORENSIC_DOCTOR, hospital))
    tilburg = Municipality.objects.get(name="Tilburg")
    born = timezone.localdate() - timedelta(days=2 * 365 + 30)
    toddler = acute.register_presentation(clinician, acute.PresentationData(
        pathway="child_abuse", municipality_id=tilburg.pk, accompanied_by="Moeder",
        patient_data=PersonData(given_names="Noor", surname=TODDLER, date_of_birth=born,
                                municipality_id=tilburg.pk),
        explanation="Van de bank gevallen.", complaint="Blauwe plek op de wang."))
    acute.name_person(clinician, toddler, role="companion",
                      data=PersonData(given_names="Sanne", surname=TODDLER,
                                      date_of_birth=date(1994, 2, 3)))
    injury = acute.record_injury(clinician, toddler, acute.InjuryData(
        region="cheek_left", kind="bruise", length_mm=20))
    acute.record_screening(clinician, toddler, ticked=["cheeks"])
    examination = acute.request_forensic(clinician, toddler, question="Past het letsel bij een val?")
    acute.report_forensic(doctor, examination, findings="Hematoom wang links, 20 mm.",
                          conclusion="Niet passend bij een val van de bank.")
    photo = acute.add_photo(clinician, toddler, SimpleUploadedFile("wang.png", png_bytes(), "image/png"),
                            description="Wang links", consent_by="Moeder")
    consulted = user_org if relation in (AcuteRelation.VT_CONSULTED,
                                         AcuteRelation.VT_REPORTED) else other_vt
    reported = user_org if relation == AcuteRelation.VT_REPORTED else other_vt
    for kind, veilig_thuis in (("advice", consulted), ("report", reported)):
        with patch.object(acute, "veilig_thuis_for", return_value=veilig_thuis):
            acute.contact_veilig_thuis(clinician, toddler, kind=kind, text="Zorgen om letsel.",
                                       person_ids=[toddler.patient_id])
    acute.share_forensic_report(clinician, toddler, organisation=other_police, item="photos",
                                basis="consent_representative")
    if relation in (AcuteRelation.SHARED_REPORT, AcuteRelation.SHARED_PHOTOS):
        acute.share_forensic_report(
            clinician, toddler, organisation=user_org,
            item="forensic_report" if relation == AcuteRelation.SHARED_REPORT else "photos",
            basis="meldrecht" if user_org.type == T.VEILIG_THUIS else "consent_representative")
    waiting = acute.register_presentation(clinician, acute.PresentationData(
        pathway="domestic_violence", municipality_id=tilburg.pk,
        patient_data=PersonData(given_names="Sara", surname=ADULT, date_of_birth=date(1990, 5, 4)),
        explanation="Geslagen door partner."))
    waiting_examination = acute.request_forensic(clinician, waiting, question="Letsel vastleggen.")
    return AcuteWorld(relation=relation, membership=membership, actor=acting(membership),
                      user_org=user_org, hospital=hospital, other_police=other_police,
                      clinician=clinician, forensic_doctor=doctor, presentation=toddler,
                      injury=injury, photo=photo, examination=examination, waiting=waiting,
                      waiting_examination=waiting_examination)


# --- The Expertisecentrum and the help catalogue (issue 11): a world without any household
#
# The Expertisecentrum's records and the regional help catalogue hold no case and no person in a case,
# so their relations are not to a household's file but to the record itself: the user's own enrolment
# for a training (or someone else's), an offer of a provider that is the user's own organisation (or
# another's). Whether the user works at the Expertisecentrum is their role and organisation, not a
# relation. Both matrices build the same world (``build_expertise_world``) and check it for every
# relation (``expertise_relations``).


class ExpertiseRelation(StrEnum):
    OWN = "own"        # the enrolments are the user's own; the offer's provider is the user's organisation
    OTHERS = "others"  # someone else's enrolments; another organisation's offer


def expertise_relations(org_type: str) -> list[ExpertiseRelation]:
    """Every organisation can have both: an enrolment of its own person or of someone else, a
    provider in the catalogue that is itself or another."""
    return [ExpertiseRelation.OWN, ExpertiseRelation.OTHERS]


def expertise_parties() -> tuple:
    """The world's own parties, never the user's organisation: the Expertisecentrum (when the user
    is not at it) and another organisation that provides help (GGz)."""
    names = (("Expertisecentrum Huiselijk Geweld (matrix)", T.EXPERTISE_CENTRE),
             ("GGz Breburg (matrix)", T.MENTAL_HEALTH))
    return tuple(Organisation.objects.get_or_create(name=name, defaults={"type": org_type})[0]
                 for name, org_type in names)


@dataclass
class ExpertiseWorld:
    relation: str
    membership: object
    actor: Actor                  # the user, acting for their organisation
    user_org: Organisation
    centre: Organisation          # the user's own when they work at the Expertisecentrum
    staff: Actor                  # the centre's staff member who built the world
    admin: Actor                  # the functional administrator who keeps the catalogue
    standard: object
    competency: object
    course: object
    draft: object                 # a session in preparation
    published: object             # a published session with places
    past: object                  # a published session that has begun (attendance can be recorded)
    enrolment: object             # in ``published``: the user's own (relation own) or another's
    attended: object              # in a held session, attended: the user's own or another's
    question: object              # an open advice question, not anonymous
    expert: object
    expert_request: object        # requested
    matched: object               # matched to ``expert``, scheduled yesterday
    campaign: object
    event: object                 # a public awareness event that took place yesterday
    leader: object
    meeting: object
    provider: object              # the user's organisation (relation own) or another's
    offer: object                 # of ``provider``
    extra: dict = field(default_factory=dict)


def _with_email(membership):
    user = membership.user
    if not user.email:
        user.email = f"{user.username}@matrix.example.test"
        user.save(update_fields=["email"])
    return membership


def build_expertise_world(relation: str, membership, parties: tuple) -> ExpertiseWorld:
    """The Expertisecentrum's work, through its services as its staff would do it: a standard and a
    competency (by the functional administrator), a course with a draft, a published and a begun
    session, an enrolment in the published session and an attended one in a held session (the user's
    own for relation ``own``, a local-team worker's otherwise), an advice question, an expert with a
    request and a matched one, a campaign with an event that took place, a dialogue leader with a
    meeting; and a provider in the help catalogue with an offer (the user's organisation for
    ``own``)."""
    from decimal import Decimal

    from eendak.catalogue import services as catalogue
    from eendak.expertise import services as expertise
    from eendak.expertise.models import Enrolment, Session

    centre_of_parties, other_provider = parties
    user_org = membership.organisation
    _with_email(membership)
    centre = user_org if user_org.type == T.EXPERTISE_CENTRE else centre_of_parties
    staff = acting(_with_email(f.membership(Role.EXPERTISE_STAFF, centre)))
    admin = acting(f.membership(Role.FUNCTIONAL_ADMIN,
                                Organisation.objects.filter(type=T.VEILIG_THUIS).order_by("pk")
                                .first()))
    standard = expertise.save_standard(admin, code="MS1", title="Veiligheid voorop (matrix)")
    competency = expertise.save_competency(admin, standard=standard, code="MC1",
                                           title="Onveiligheid herkennen (matrix)")
    course = expertise.save_course(staff, expertise.CourseData(
        title="Werken aan Veiligheid (matrix)", audiences=["local_teams"],
        duration_hours=Decimal("4"), competency_ids=[competency.pk]))
    soon = timezone.now() + timedelta(days=14)
    draft = expertise.plan_session(staff, course, starts_at=soon, ends_at=soon + timedelta(hours=4),
                                   place="Tilburg (matrix)", trainer="Trainer", capacity=10)
    published = expertise.plan_session(staff, course, starts_at=soon + timedelta(days=1),
                                       ends_at=soon + timedelta(days=1, hours=4),
                                       place="Breda (matrix)", trainer="Trainer", capacity=10)
    expertise.move_session(staff, published, "published")
    # Sessions that have begun cannot be planned or published through the services any more: the
    # world moves them back in time afterwards.
    past = expertise.plan_session(staff, course, starts_at=soon + timedelta(days=2),
                                  ends_at=soon + timedelta(days=2, hours=4),
                                  place="Waalwijk (matrix)", trainer="Trainer", capacity=10)
    expertise.move_session(staff, past, "published")
    held = expertise.plan_session(staff, course, starts_at=soon + timedelta(days=3),
                                  ends_at=soon + timedelta(days=3, hours=4),
                                  place="Oisterwijk (matrix)", trainer="Trainer", capacity=10)
    expertise.move_session(staff, held, "published")
    if relation == ExpertiseRelation.OWN:
        participant = acting(membership)
        enrolment = expertise.enrol_self(participant, published)
        attended = expertise.enrol_self(participant, held)
    else:
        worker = _with_email(f.membership(Role.LOCAL_TEAM_WORKER,
                                          Organisation.objects.filter(type=T.LOCAL_TEAM)
                                          .exclude(pk=user_org.pk).order_by("pk").first()))
        enrolment = expertise.enrol_self(acting(worker), published)
        attended = expertise.enrol_self(acting(worker), held)
    expertise.enrol_someone(staff, past, expertise.Registrant(name="Docent Matrix",
                                                              email="docent@matrix.example.test"))
    begun = timezone.now() - timedelta(hours=5)
    Session.objects.filter(pk__in=[past.pk, held.pk]).update(starts_at=begun,
                                                             ends_at=begun + timedelta(hours=4))
    expertise.record_attendance(staff, held, present_ids=[attended.pk])
    past.refresh_from_db()
    attended = Enrolment.objects.get(pk=attended.pk)
    question = expertise.register_question(staff, expertise.QuestionData(
        asker_type="professional", topic=_first("QuestionTopic"), anonymous=False,
        question="Hoe bespreek ik zorgen met een ouder? (matrix)", contact_name="Juf Matrix",
        contact_email="juf@matrix.example.test"))
    expert = expertise.save_expert(staff, pseudonym="Ervaring Matrix", themes=[_first("ExpertTheme")],
                                   languages=["Nederlands"])
    tomorrow = timezone.localdate() + timedelta(days=1)
    expert_request = expertise.request_expert(staff, purpose=_first("ExpertPurpose"),
                                              wanted_on=tomorrow, themes=[_first("ExpertTheme")])
    matched = expertise.request_expert(staff, purpose=_first("ExpertPurpose"), wanted_on=tomorrow,
                                       themes=[_first("ExpertTheme")])
    expertise.match_expert(staff, matched, expert)
    expertise.schedule_expert(staff, matched, scheduled_at=timezone.now() - timedelta(days=1))
    campaign = expertise.save_campaign(staff, title="Week tegen Kindermishandeling (matrix)",
                                       starts_on=timezone.localdate(),
                                       ends_on=timezone.localdate() + timedelta(days=6))
    event = expertise.plan_event(staff, title="Ouderavond (matrix)", kind=_first("EventKind"),
                                 starts_at=timezone.now() - timedelta(days=1), place="Tilburg",
                                 campaign=campaign)
    leader = expertise.save_leader(staff, name="Dialoogleider Matrix", community=_first("Community"),
                                   languages=["Somalisch"])
    meeting = expertise.record_meeting(staff, expertise.MeetingData(
        leader=leader, held_on=timezone.localdate() - timedelta(days=3),
        setting=_first("MeetingSetting"), language="Somalisch", participants=12,
        topics=[_first("MeetingTopic")]))
    tilburg = Municipality.objects.get(name="Tilburg")
    provider = catalogue.save_provider(
        admin, name="Aanbieder (matrix)",
        organisation=user_org if relation == ExpertiseRelation.OWN else other_provider)
    offer = catalogue.save_offer(admin, catalogue.OfferData(
        provider=provider, title="Traumabehandeling (matrix)", kind="trauma_treatment",
        municipality_ids=[tilburg.pk], capacity=8, waiting_weeks=6))
    return ExpertiseWorld(
        relation=relation, membership=membership, actor=acting(membership), user_org=user_org,
        centre=centre, staff=staff, admin=admin, standard=standard, competency=competency,
        course=course, draft=draft, published=published, past=past, enrolment=enrolment,
        attended=attended, question=question, expert=expert, expert_request=expert_request,
        matched=matched, campaign=campaign, event=event, leader=leader, meeting=meeting,
        provider=provider, offer=offer)


def _first(choices: str) -> str:
    """The first value of one of the Expertisecentrum's choice lists (``expertise.workflow``)."""
    from eendak.expertise import workflow

    return getattr(workflow, choices).values[0]
