"""OpenAPI 3 for the API: how clients authenticate, and the problem+json answers of every operation.

Every operation documents the errors it can give, so a client generator knows that a 404 carries a
problem body and not the resource. The problem responses are added by ``ProblemAutoSchema`` in one
place instead of an ``extend_schema`` on every method.
"""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object, get_override
from rest_framework import serializers

from .problems import PROBLEM_CONTENT_TYPE


class ServiceTokenScheme(OpenApiAuthenticationExtension):
    target_class = "eendak.api.authentication.ServiceTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        definition = build_bearer_security_scheme_object(header_name="Authorization",
                                                         token_prefix=self.target.keyword)
        definition["description"] = (
            "Token van een serviceaccount: `Authorization: Token <token>`. De token hoort bij één "
            "organisatie en rol."
        )
        return definition


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "eendak.api.authentication.VerifiedSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "De sessie van de webapplicatie, na wachtwoord, tweede factor en rolkeuze. "
            "Wijzigende verzoeken vragen de CSRF-token in de header X-CSRFToken.",
        }


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Het veld (camelCase; geneste velden met punten).")
    code = serializers.CharField()
    reason = serializers.CharField(help_text="Wat er mis is, in het Nederlands.")


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.URLField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField()
    code = serializers.CharField(required=False)
    invalidParams = InvalidParamSerializer(many=True, required=False)

    class Meta:
        ref_name = "Problem"


PROBLEM_DESCRIPTIONS = {
    "400": "Ongeldig verzoek; `invalidParams` noemt de velden.",
    "401": "Niet aangemeld (geen of een ongeldige token of sessie).",
    "403": "Aangemeld, maar zonder tweede factor of zonder gekozen rol.",
    "404": "Bestaat niet, of u heeft er geen toegang toe (die twee zijn niet te onderscheiden).",
    "409": "De toestand laat dit niet (meer) toe (code `state_conflict`: al geaccepteerd, al besloten, "
           "casus gesloten), of iemand anders deed tegelijk hetzelfde. Er is niets opgeslagen; bekijk "
           "het opnieuw.",
    "415": "Mediatype van de inhoud niet ondersteund; gebruik application/json.",
    "429": "Te veel verzoeken; zie de header Retry-After.",
}


class ProblemAutoSchema(AutoSchema):
    """AutoSchema that adds the problem+json responses each operation can give, and that keeps the
    code's docstrings out of the schema.

    A docstring is written for the next developer, in English, about the code (``queries.CaseFile``,
    "the analyst's own"); drf-spectacular would publish it as the description of an operation, a
    component or a computed field. An integrator reads Dutch descriptions written for them: through
    ``extend_schema(description=...)``, ``extend_schema_serializer(description=...)`` or a field's
    ``help_text``, nothing else.
    """

    def get_description(self) -> str:
        return ""  # an explicit extend_schema(description=...) still applies (it overrides this)

    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        if isinstance(schema, dict) and get_override(serializer, "description") is None:
            schema.pop("description", None)
        return schema

    def _map_response_type_hint(self, method):
        schema = super()._map_response_type_hint(method)
        schema.pop("description", None)  # a SerializerMethodField's method docstring
        return schema

    def _problem_codes(self) -> list[str]:
        codes = ["400", "401", "403", "404"]
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append("415")
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            codes.append("409")  # core.exceptions.StateConflict, from any service a change calls
        if self.view.get_throttles():
            codes.append("429")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        ref = self.resolve_serializer(ProblemSerializer, "response").ref
        for code, body in responses.items():
            # A problem an operation documents itself (409, 410: ``DOWNLOAD_ONCE_RESPONSES``,
            # ``CONFLICT``) is answered as problem+json like every other, whatever its renderer.
            content = body.get("content") if isinstance(body, dict) else None
            if str(code)[:1] in "45" and content and all(
                    media.get("schema") == ref for media in content.values()):
                body["content"] = {PROBLEM_CONTENT_TYPE: {"schema": ref}}
        for code in self._problem_codes():
            responses.setdefault(code, {
                "description": PROBLEM_DESCRIPTIONS[code],
                "content": {PROBLEM_CONTENT_TYPE: {"schema": ref}},
            })
        return responses


def document_api_version(result, generator, request, public):
    """Postprocessing hook: every response of every operation documents the ``API-Version`` header
    that ``api.middleware.APIVersionMiddleware`` sends (NL API Design Rules, API-57), by reference
    to one component header."""
    from .middleware import HEADER

    components = result.setdefault("components", {})
    components.setdefault("headers", {})[HEADER] = {
        "description": "De versie van de API die antwoordde (semantic versioning).",
        "schema": {"type": "string", "example": result.get("info", {}).get("version", "")},
    }
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict):
                continue
            for response in operation.get("responses", {}).values():
                response.setdefault("headers", {})[HEADER] = {"$ref": f"#/components/headers/{HEADER}"}
    return result


def hoist_defaults_out_of_one_of(result, generator, request, public):
    """Postprocessing hook: a field that may be blank (an e-mail address, a website) is documented by
    drf-spectacular as ``oneOf: [{format: email, default: ""}, {maxLength: 0}]``. Its default ``""``
    then sits in the branch whose format it does not match, and a client generator or validator
    (the NL API Design Rules linter: ``oas3-valid-schema-example``) calls the schema wrong. The
    default belongs to the field, beside ``oneOf``, where ``""`` matches the blank branch."""

    def visit(node):
        if isinstance(node, dict):
            branches = node.get("oneOf")
            if isinstance(branches, list):
                for branch in branches:
                    if isinstance(branch, dict) and "default" in branch:
                        default = branch.pop("default")
                        node.setdefault("default", default)
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(result)
    return result


def document_location(result, generator, request, public):
    """Postprocessing hook: every 201 documents its ``Location`` header (``api.locations``: the new
    resource's URL, or the resource it stands in when it has none of its own)."""
    components = result.setdefault("components", {})
    components.setdefault("headers", {})["Location"] = {
        "description": "De URL van wat is aangemaakt. Heeft dat geen eigen adres in de API, dan de "
                       "bron waarin het staat (bijvoorbeeld de casus bij een overdracht).",
        "required": True,
        "schema": {"type": "string", "format": "uri"},
    }
    for path in result.get("paths", {}).values():
        for operation in path.values():
            created = operation.get("responses", {}).get("201") if isinstance(operation, dict) else None
            if created is not None:
                created.setdefault("headers", {})["Location"] = {"$ref": "#/components/headers/Location"}
    return result
