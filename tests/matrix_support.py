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
