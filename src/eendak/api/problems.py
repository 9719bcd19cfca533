"""Errors as RFC 9457 problem details (application/problem+json), per the NL API Strategie.

One handler turns every DRF and Django exception, and a service's ``RuleViolation``, into the same
shape, with ``invalidParams`` for field errors, so a client never has to parse two error formats.
Field names in ``invalidParams`` are camelCase like the JSON bodies they refer to.
"""

import re

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

# The one problem+json builder is core's: core.errors answers with it too.
from eendak.core.problems import PROBLEM_CONTENT_TYPE, TITLES, problem_body

NON_FIELD = "nonFieldErrors"


def camel(name: str) -> str:
    """``date_of_birth`` -> ``dateOfBirth``; Django's ``__all__`` is a non-field error."""
    if name in ("__all__", "non_field_errors"):
        return NON_FIELD
    return re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), name)


def raise_at(exc, paths: dict[str, str] | None = None):
    """Re-raise a service's ``RuleViolation`` as a field error at its place in the request body: the
    one helper every app's API uses for it.

    The message is the service's own (Dutch, one place); only the field name is translated from the
    service's snake_case word to the camelCase path the client sent (``paths`` for the exceptions,
    e.g. ``{"agreed_by": "conditions.1.agreedBy"}``). A violation without a field stays as it is: the
    problem handler answers it at ``nonFieldErrors``.
    """
    if not exc.field:
        raise exc
    name = (paths or {}).get(exc.field) or camel(exc.field)
    raise exceptions.ValidationError({name: [exceptions.ErrorDetail(exc.message, "rule")]}) from exc


def _invalid_params(data, prefix=""):
    """Flatten DRF's nested error dict into NL API Strategie ``invalidParams`` entries."""
    params = []
    if isinstance(data, dict):
        for key, value in data.items():
            key = camel(str(key))
            name = key if not prefix else (prefix if key == NON_FIELD else f"{prefix}.{key}")
            params.extend(_invalid_params(value, name))
    elif isinstance(data, list):
        if data and all(isinstance(item, (str, exceptions.ErrorDetail)) for item in data):
            for item in data:
                params.append({"name": prefix or NON_FIELD,
                               "code": getattr(item, "code", "invalid"), "reason": str(item)})
        else:
            for index, item in enumerate(data):
                params.extend(_invalid_params(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        params.append({"name": prefix or NON_FIELD, "code": getattr(data, "code", "invalid"),
                       "reason": str(data)})
    return params


DETAILS = {
    401: "U bent niet aangemeld, of uw sessie is verlopen. Meld u (opnieuw) aan.",
    403: "U heeft geen toestemming voor deze handeling.",
    404: "Deze bron bestaat niet of u heeft er geen toegang toe.",
    405: "Deze methode is niet toegestaan op deze bron.",
    406: "Dit antwoordformaat wordt niet ondersteund; vraag om application/json.",
    415: "Dit mediatype wordt niet ondersteund; gebruik application/json.",
}


def _as_drf_exception(exc):
    """Django's own exceptions and the services' ``RuleViolation`` in DRF's terms."""
    from eendak.core.exceptions import RuleViolation

    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.messages}
        )
    if isinstance(exc, RuleViolation) and getattr(exc, "status_code", None):
        # A refusal with a status of its own (``core.download_once``: 410 for a file taken already,
        # 409 for one not ready): the state of the thing, not a field of the request.
        refused = exceptions.APIException(exc.message)
        refused.status_code = exc.status_code
        refused.default_code = getattr(exc, "code", None) or (
            "gone" if exc.status_code == status.HTTP_410_GONE else "conflict")
        return refused
    if isinstance(exc, RuleViolation):
        field = camel(exc.field) if exc.field else NON_FIELD
        return exceptions.ValidationError({field: [exceptions.ErrorDetail(exc.message, "rule")]})
    return exc


def _parse_error(request) -> str:
    """DRF's parse errors quote the parser in English; say plainly what could not be read, in the
    terms of the media type the client sent (a broken multipart form is not "invalid JSON")."""
    media_type = ((request.META.get("CONTENT_TYPE", "") if request is not None else "")
                  .split(";")[0].strip().lower())
    if media_type.startswith("multipart/") or media_type == "application/x-www-form-urlencoded":
        return (f"Het formulier in het verzoek ({media_type}) kon niet worden gelezen; controleer "
                "de grenzen (boundary) en de velden.")
    return "De inhoud van het verzoek is geen geldige JSON (of het gekozen mediatype)."


def _detail(exc, status_code, request=None) -> str:
    if isinstance(exc, exceptions.ParseError):
        return _parse_error(request)
    if isinstance(exc, exceptions.Throttled):
        wait = f" Probeer het over {int(exc.wait)} seconden opnieuw." if exc.wait else ""
        return "U heeft te veel verzoeken gedaan." + wait
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return DETAILS[415]
    if status_code in DETAILS and not _custom(exc):
        return DETAILS[status_code]
    return str(getattr(exc, "detail", ""))


class DatabaseUnavailable(exceptions.APIException):
    """The database went away mid-request. Whether a write committed is unknown to us, so the
    client is told to resend with the same Idempotency-Key rather than that nothing was saved."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = ("De database is even niet bereikbaar. Probeer het over enkele seconden opnieuw; "
                      "stuur een melding opnieuw met dezelfde Idempotency-Key, dan ontstaat er geen "
                      "tweede.")
    default_code = "database_unavailable"


def problem_exception_handler(exc, context):
    from django.db import InterfaceError, OperationalError

    from eendak.audit.services import log_refusal
    from eendak.core.actors import Actor
    from eendak.core.exceptions import NotPermitted

    if isinstance(exc, NotPermitted):
        # The API's one refusal path (the screens' is AccessPolicyMiddleware): logged, then the 404
        # of something that is not there.
        request = context.get("request")
        log_refusal(Actor.from_request(request).seen_through(request), exc)
        exc = exceptions.NotFound()

    if isinstance(exc, (OperationalError, InterfaceError)):
        exc = DatabaseUnavailable()
        exc.wait = 5
    exc = _as_drf_exception(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None  # a real server error: Django's handler500 answers with problem+json
    request = context.get("request")
    status_code = response.status_code
    invalid = None
    if isinstance(exc, exceptions.ValidationError):
        detail = "Een of meer velden zijn ongeldig. Er is niets opgeslagen."
        invalid = _invalid_params(exc.detail)
        code = "invalid"
    else:
        code = getattr(exc, "default_code", "") or ""
        detail = _detail(exc, status_code, request)
    response.data = problem_body(
        status_code, TITLES.get(status_code, "Fout"), detail,
        instance=request.get_full_path() if request else "", code=code, invalid_params=invalid,
    )
    response.content_type = PROBLEM_CONTENT_TYPE
    response["Content-Type"] = PROBLEM_CONTENT_TYPE
    if status_code == status.HTTP_401_UNAUTHORIZED and not response.has_header("WWW-Authenticate"):
        response["WWW-Authenticate"] = 'Token realm="api"'
    return response


def _custom(exc) -> bool:
    """True when the view raised the exception with its own (Dutch) message."""
    return str(getattr(exc, "detail", "")) != str(getattr(exc, "default_detail", ""))
