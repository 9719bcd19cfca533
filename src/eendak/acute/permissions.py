"""Who may see and do what on the Spoedplein: one named rule per action, declared once.

The rules follow the domain (``shared/domain.md``, "The acute pathway"):

- **A presentation is the hospital's own record.** Its staff with client data (the clinicians and
  the forensic doctors of that hospital) read and record it; another hospital sees nothing of it.
- **Veilig Thuis sees what was sent to it**: a presentation it was consulted on or that was reported
  to it, with the injury record and the forensic report (carried with the report, so the family
  tells its story once). It never records on the hospital's presentation.
- **The forensic doctor** of the hospital reports the examination; the queue is theirs.
- **Photographs are restricted**: the hospital only, and an organisation they were shared with on a
  recorded basis. **The forensic report leaves the hospital only on a recorded basis** (``Share``):
  the victim's consent, the legal representative's, meldrecht, or an order.
- **The figures** of the pilot: the hospital its own, the analyst (pseudonymised figures) the region's.

A rule about *who* is a permission here (refused with a logged 404); a rule about the data or the
state (an injury without a region, a discharge without the safety question) is a ``RuleViolation``
in ``acute.services``.
"""

from django.db.models import Exists, OuterRef, QuerySet

from eendak.core.permissions import Kind, Subject, declare, subject_of
from eendak.core.roles import Capability, OrganisationType, Role

from .models import ForensicExamination, Presentation, Share, VeiligThuisContact
from .workflow import ForensicStatus, ShareItem

HOSPITAL_ROLES = frozenset({Role.HOSPITAL_CLINICIAN, Role.FORENSIC_DOCTOR})


def at_hospital(who) -> bool:
    """Works at a hospital's Spoedplein: a clinician or a forensic doctor there (another role held
    at a hospital, such as a member of the Veiligheidsteam, is not the hospital's pathway)."""
    subject = subject_of(who)
    return bool(subject.has(Capability.CLIENT_DATA)
                and subject.membership.role in HOSPITAL_ROLES
                and subject.membership.organisation.type == OrganisationType.HOSPITAL)


def is_forensic_doctor(who) -> bool:
    subject = subject_of(who)
    return at_hospital(subject) and subject.membership.role == Role.FORENSIC_DOCTOR


def _of_hospital(who, presentation) -> bool:
    return (presentation is not None and at_hospital(who)
            and presentation.hospital_id == subject_of(who).organisation_id)


def _sent_to(who, presentation) -> bool:
    subject = subject_of(who)
    return bool(presentation is not None and subject.is_veilig_thuis
                and VeiligThuisContact.objects.filter(
                    presentation_id=presentation.pk,
                    veilig_thuis_id=subject.organisation_id).exists())


def _shared_with(who, presentation, items) -> bool:
    subject = subject_of(who)
    return bool(presentation is not None and subject.has(Capability.CLIENT_DATA)
                and Share.objects.filter(presentation_id=presentation.pk,
                                         organisation_id=subject.organisation_id,
                                         item__in=items).exists())


def _presentation_of(obj):
    return obj if obj is None or isinstance(obj, Presentation) else obj.presentation


# --- Querysets: what an organisation may see --------------------------------------------------------


def visible_presentations(who) -> QuerySet:
    """The hospital's own presentations; for Veilig Thuis those sent to it. The same rule as
    ``acute.view_presentation``, as a queryset, so a list never shows what the page would refuse."""
    subject = subject_of(who)
    if at_hospital(subject):
        return Presentation.objects.filter(hospital_id=subject.organisation_id)
    if subject.is_veilig_thuis:
        return Presentation.objects.filter(Exists(VeiligThuisContact.objects.filter(
            presentation_id=OuterRef("pk"), veilig_thuis_id=subject.organisation_id)))
    return Presentation.objects.none()


def forensic_queue(who) -> QuerySet:
    """The examinations the hospital's forensic doctors are asked for (requested, not yet reported)."""
    subject = subject_of(who)
    if not is_forensic_doctor(subject):
        return ForensicExamination.objects.none()
    return ForensicExamination.objects.filter(presentation__hospital_id=subject.organisation_id,
                                              status=ForensicStatus.REQUESTED)


def shares_with(who) -> QuerySet:
    """The forensic reports shared with the acting organisation (outside the hospital)."""
    subject = subject_of(who)
    if not subject.has(Capability.CLIENT_DATA) or at_hospital(subject):
        return Share.objects.none()
    return Share.objects.filter(organisation_id=subject.organisation_id)


# --- Reads ---------------------------------------------------------------------------------------


@declare("acute.view_work", Kind.READ,
         "hospital staff with client data (clinician, forensic doctor): the Spoedplein's own "
         "presentations; Veilig Thuis: the presentations sent to it")
def view_work(who: Subject, obj=None) -> bool:
    return at_hospital(who) or who.is_veilig_thuis


@declare("acute.view_presentation", Kind.READ,
         "the hospital's staff with client data, on its own presentation; Veilig Thuis, on a "
         "presentation it was consulted on or that was reported to it")
def view_presentation(who: Subject, presentation=None) -> bool:
    presentation = _presentation_of(presentation)
    return _of_hospital(who, presentation) or _sent_to(who, presentation)


@declare("acute.view_forensic_queue", Kind.READ,
         "a forensic doctor at a hospital: the examinations asked of the hospital")
def view_forensic_queue(who: Subject, obj=None) -> bool:
    return is_forensic_doctor(who)


@declare("acute.view_forensic_report", Kind.READ,
         "the hospital's staff; Veilig Thuis it was reported to (carried with the report); an "
         "organisation it was shared with on a recorded basis")
def view_forensic_report(who: Subject, presentation=None) -> bool:
    presentation = _presentation_of(presentation)
    return (_of_hospital(who, presentation) or _sent_to(who, presentation)
            or _shared_with(who, presentation, ShareItem.values))


@declare("acute.view_photos", Kind.READ,
         "the hospital's staff; an organisation the photographs were shared with on a recorded "
         "basis — nobody else, Veilig Thuis included")
def view_photos(who: Subject, presentation=None) -> bool:
    presentation = _presentation_of(presentation)
    return _of_hospital(who, presentation) or _shared_with(who, presentation, [ShareItem.PHOTOS])


@declare("acute.view_shared", Kind.READ,
         "a role with client data outside a hospital (the police, Veilig Thuis, ...): the forensic "
         "reports shared with its organisation")
def view_shared(who: Subject, obj=None) -> bool:
    return who.has(Capability.CLIENT_DATA) and not at_hospital(who)


@declare("acute.view_figures", Kind.READ,
         "the analyst (pseudonymised figures, the region's hospitals); the hospital's staff, its own "
         "hospital's figures")
def view_figures(who: Subject, obj=None) -> bool:
    return who.has(Capability.STATISTICS) or at_hospital(who)


# --- Changes -------------------------------------------------------------------------------------

OWN = "the hospital's staff with client data, on its own presentation"


@declare("acute.register_presentation", Kind.CHANGE,
         "hospital staff with client data: a presentation at its own hospital")
def register_presentation(who: Subject, obj=None) -> bool:
    return at_hospital(who)


@declare("acute.change_presentation", Kind.CHANGE,
         OWN + ": the details, the Hague protocol's questions, the pathway's parts, persons named")
def change_presentation(who: Subject, presentation=None) -> bool:
    return _of_hospital(who, _presentation_of(presentation))


@declare("acute.record_injury", Kind.CHANGE, OWN + ": an injury on the body map (or its removal)")
def record_injury(who: Subject, presentation=None) -> bool:
    return _of_hospital(who, _presentation_of(presentation))


@declare("acute.record_screening", Kind.CHANGE, OWN + ": the TEN-4-FACESp checklist")
def record_screening(who: Subject, presentation=None) -> bool:
    return _of_hospital(who, _presentation_of(presentation))


@declare("acute.request_forensic", Kind.CHANGE,
         OWN + ": a forensic-medical examination requested (or the request withdrawn)")
def request_forensic(who: Subject, presentation=None) -> bool:
    return _of_hospital(who, _presentation_of(presentation))


@declare("acute.report_forensic", Kind.CHANGE,
         "a forensic doctor of the hospital, on an examination asked of it: findings and conclusion")
def report_forensic(who: Subject, examination=None) -> bool:
    return is_forensic_doctor(who) and _of_hospital(who, _presentation_of(examination))


@declare("acute.add_photo", Kind.CHANGE,
         OWN + ": a forensic photograph, with the consent it was taken on")
def add_photo(who: Subject, presentation=None) -> bool:
    return _of_hospital(who, _presentation_of(presentation))


@declare("acute.contact_veilig_thuis", Kind.CHANGE,
         OWN + ": a consultation or a report to Veilig Thuis, with the injury record and the "
         "forensic report")
def contact_veilig_thuis(who: Subject, presentation=None) -> bool:
    return _of_hospital(who, _presentation_of(presentation))


@declare("acute.record_willingness", Kind.CHANGE,
         OWN + ": willingness to report to the police, and the report filed")
def record_willingness(who: Subject, presentation=None) -> bool:
    return _of_hospital(who, _presentation_of(presentation))


@declare("acute.share_forensic_report", Kind.CHANGE,
         OWN + ": the forensic report (with or without photographs) shared with another "
         "organisation, on a recorded basis")
def share_forensic_report(who: Subject, presentation=None) -> bool:
    return _of_hospital(who, _presentation_of(presentation))


@declare("acute.record_follow_up", Kind.CHANGE, OWN + ": follow-up help against repetition")
def record_follow_up(who: Subject, presentation=None) -> bool:
    return _of_hospital(who, _presentation_of(presentation))


@declare("acute.discharge", Kind.CHANGE,
         OWN + ": the safety before going home and the discharge")
def discharge(who: Subject, presentation=None) -> bool:
    return _of_hospital(who, _presentation_of(presentation))



