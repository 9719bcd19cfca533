"""A forensic photograph as the screen and the API hand it out: one function, so both faces send
the same headers and write the same log entry (the forensic report's PDF is ``acute.pdf``)."""

from django.http import FileResponse

from eendak.core.permissions import require

from . import events


def photo_response(actor, photo) -> FileResponse:
    """Asked of ``acute.view_photos``; the checked type, nosniff, a sandbox, never cached; each look
    logged naming the patient it shows."""
    require(actor, "acute.view_photos", photo.presentation)
    handle = photo.file.open("rb")
    events.read(actor, events.Event.PHOTO_READ, photo, persons=[photo.presentation.patient_id],
                detail=photo.description)
    response = FileResponse(handle, content_type=photo.content_type)
    extension = photo.file.name.rsplit(".", 1)[-1]
    response["Content-Disposition"] = f'inline; filename="foto-{photo.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
