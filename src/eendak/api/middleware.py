"""The ``API-Version`` header on every answer under ``/api/`` (NL API Design Rules, API-57).

An integrator sees which version of the API answered, also on an error, a 404 of an unknown path or
the schema itself; the version is the schema's own (``SPECTACULAR_SETTINGS["VERSION"]``), so the
header and the documented version cannot drift apart. ``api.schema.document_api_version`` documents
the header on every response of the schema.
"""

from django.conf import settings

HEADER = "API-Version"


def api_version() -> str:
    return settings.SPECTACULAR_SETTINGS["VERSION"]


class APIVersionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            response[HEADER] = api_version()
        return response
