"""The one builder of RFC 9457 problem details (application/problem+json), per the NL API Strategie.

It lives in core, the lowest layer that answers requests, because core's error handlers
(``core.errors``: the 400/403/404/500 of anything under /api/) need it as much as the API's exception
handler (``eendak.api.problems``), and core may not import the API layer above it. The API layer
reuses this builder, so an error looks the same whoever answered it.
"""

from django.http import JsonResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Ongeldig verzoek",
    401: "Niet aangemeld",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    409: "Conflict",
    410: "Niet meer beschikbaar",
    415: "Mediatype niet ondersteund",
    429: "Te veel verzoeken",
    500: "Interne fout",
}


def problem_body(status_code, title, detail, *, instance="", code="", invalid_params=None):
    body = {
        "type": f"https://eendak.example/problemen/{code or status_code}",
        "title": title,
        "status": status_code,
        "detail": detail,
        "instance": instance,
    }
    if code:
        body["code"] = code
    if invalid_params:
        body["invalidParams"] = invalid_params
    return body


def problem_response(status_code, title, detail, *, instance="", code="", invalid_params=None):
    return JsonResponse(
        problem_body(status_code, title, detail, instance=instance, code=code,
                     invalid_params=invalid_params),
        status=status_code, content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
