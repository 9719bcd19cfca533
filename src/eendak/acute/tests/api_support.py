"""Helpers for the Spoedplein's API tests: a presentation taken along the pathway through its services
(injuries, screening, the forensic report, a photograph, Veilig Thuis, a share with the police), the
state a refused request must leave unchanged, and the checks of what the access log says. JSON and
problem+json helpers are the API's one set (``eendak.api.tests.support``)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from eendak.acute import services
from eendak.acute.models import (
    FollowUp,
    ForensicExamination,
    Injury,
    NamedPerson,
    Photo,
    Presentation,
    Screening,
    Share,
    VeiligThuisContact,
)
from eendak.api.tests.support import (  # noqa: F401
    assert_problem,
    body,
    invalid_names,
    patch_json,
    post_json,
)
from eendak.audit.models import AccessLogEntry, Outcome
from eendak.intake.models import AdviceRequest, Report
from eendak.persons.models import Person

from .conftest import actor_for

API = "/api/v1"
PRESENTATIONS = f"{API}/presentations/"
REFUSED_INPUT = "acute.change_refused"


def ok(response, status: int = 200):
    assert response.status_code == status, response.content
    return body(response)


def url_of(presentation, step: str = "") -> str:
    return f"{PRESENTATIONS}{presentation.pk}/" + (f"{step}/" if step else "")


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 60, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def png(name: str = "wang.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), "image/png")


# --- A presentation along the pathway, through the services ---------------------------------------------


def examined(presentation, clinician, forensic_doctor) -> ForensicExamination:
    """Bruises on the body map, the checklist, and the forensic examination reported."""
    actor = actor_for(clinician)
    services.record_injury(actor, presentation, services.InjuryData(region="cheek_left",
                                                                    kind="bruise"))
    services.record_injury(actor, presentation, services.InjuryData(region="ear_right",
                                                                    kind="bruise"))
    services.record_screening(actor, presentation, ticked=["cheeks", "ears"])
    examination = services.request_forensic(actor, presentation, question="Past het bij een val?")
    return services.report_forensic(actor_for(forensic_doctor), examination,
                                    findings="Twee hematomen.", conclusion="Past niet bij een val.")


def with_photo(presentation, clinician) -> Photo:
    return services.add_photo(actor_for(clinician), presentation, png(), description="Wang links",
                              consent_by="Moeder")


def reported(presentation, clinician) -> VeiligThuisContact:
    return services.contact_veilig_thuis(actor_for(clinician), presentation, kind="report",
                                         text="Zorgen over mishandeling.",
                                         person_ids=[presentation.patient_id])


def shared_with_police(presentation, clinician, police, *, item: str = "forensic_report") -> Share:
    return services.share_forensic_report(actor_for(clinician), presentation, organisation=police,
                                          item=item, basis="consent_representative")


# --- What a refused request must leave unchanged --------------------------------------------------------


def state() -> tuple:
    """Every row the Spoedplein's work can change (and what it sends to Veilig Thuis); equal before
    and after = nothing changed."""

    def rows(model, *fields):
        return list(model.objects.order_by("pk").values_list("pk", *fields))

    return (
        rows(Presentation, "status", "pathway", "explanation", "willingness", "discharged_at"),
        rows(NamedPerson), rows(Injury), rows(Screening), rows(ForensicExamination, "status"),
        rows(Photo), rows(VeiligThuisContact), rows(Share), rows(FollowUp), rows(Report),
        rows(AdviceRequest), rows(Person),
    )


# --- What the access log says --------------------------------------------------------------------


def last_entry(member) -> AccessLogEntry:
    entry = AccessLogEntry.objects.filter(user_id=member.user_id).order_by("-id").first()
    assert entry is not None, f"nothing logged of {member.user}"
    return entry


def assert_refused(response, member, permission: str, before=None) -> AccessLogEntry:
    """The 404 of something that is not there, nothing changed, and the refusal in the access log
    under the permission's name, naming no persons."""
    assert_problem(response, 404)
    if before is not None:
        assert state() == before
    entry = last_entry(member)
    assert (entry.event, entry.outcome) == (permission, Outcome.DENIED), (entry.event, entry.outcome)
    assert not entry.subjects.exists()
    return entry


def assert_bad_input(response, member, field: str, before) -> dict:
    """A 400 problem+json naming ``field``, with a Dutch reason; nothing changed; the attempt in the
    log as failed."""
    problem = assert_problem(response, 400)
    assert field in invalid_names(response), problem
    reason = next(p["reason"] for p in problem["invalidParams"] if p["name"] == field)
    assert reason and not reason.startswith("This "), reason
    assert state() == before
    entry = last_entry(member)
    assert (entry.event, entry.outcome) == (REFUSED_INPUT, Outcome.FAILED), (entry.event, entry.outcome)
    return problem


def assert_read(member, event: str, persons=None) -> AccessLogEntry:
    entry = last_entry(member)
    assert (entry.event, entry.outcome) == (event, Outcome.SUCCESS), (entry.event, entry.outcome)
    if persons is not None:
        assert set(entry.person_ids) == {p.pk if hasattr(p, "pk") else p for p in persons}
    return entry
