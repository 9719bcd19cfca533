"""The OpenAPI 3 schema and the Swagger docs: served locally, valid, fit for the strict CSP, and
readable with a session or with only an API token."""

import json
import re

import pytest
import yaml
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client

from .support import assert_problem

pytestmark = pytest.mark.django_db


def test_schema_for_a_verified_user_is_openapi_3(login_as, intake):
    response = login_as(intake).get("/api/v1/schema", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["servers"] == [{"url": "/api/v1", "description": "Eendak API, versie 1"}]
    assert "/households" in schema["paths"]  # relative to the server, without a trailing slash
    households = schema["paths"]["/households/{id}"]["get"]
    assert households["responses"]["404"]["content"]["application/problem+json"]["schema"] == {
        "$ref": "#/components/schemas/Problem"}
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    paths = yaml.safe_load(target.read_text())["paths"]
    assert "/persons/{id}/reveal-bsn" in paths


def test_schema_and_docs_need_login(region):
    for path in ("/api/v1/schema", "/api/v1/openapi.json", "/api/v1/docs"):
        assert_problem(Client().get(path), 401)


@pytest.fixture
def token_only(vt):
    """An integrator's client: a service account's API token, no session, no HTML login."""
    from eendak.api import tokens
    from eendak.core.actors import Actor
    from eendak.core.roles import Role
    from eendak.testing import factories as f

    admin = f.membership(Role.FUNCTIONAL_ADMIN, vt)
    admin.user.acting_membership = admin
    service = f.membership(Role.VT_INTAKE, vt, user=f.UserFactory(is_service_account=True))
    _token, plain = tokens.issue_token(Actor(admin.user, admin), service, name="koppeling")
    return Client(HTTP_AUTHORIZATION=f"Token {plain}")


def test_schema_is_readable_with_only_an_api_token(token_only):
    schema = token_only.get("/api/v1/schema", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    standard = token_only.get("/api/v1/openapi.json")  # NL API Design Rules: /core/publish-openapi

    assert schema.status_code == standard.status_code == 200
    assert "/reports" in schema.json()["paths"]
    assert standard["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert json.loads(standard.content)["paths"].keys() == schema.json()["paths"].keys()


def test_docs_are_readable_with_only_an_api_token(token_only):
    """The page carries the schema itself, so no second request has to carry the token; its
    scripts and styles are static files anyone may fetch."""
    response = token_only.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    embedded = re.search(r'<script id="eendak-openapi-schema" type="application/json">(.*?)</script>',
                         html, re.S)
    assert "/reports" in json.loads(embedded.group(1))["paths"]
    anonymous = Client()
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        static = anonymous.get(url)
        static.close()
        assert static.status_code == 200, url


def test_docs_page_has_no_inline_script_or_style_and_no_cdn(login_as, intake):
    response = login_as(intake).get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    code = [(attrs, body) for attrs, body in scripts if 'type="application/json"' not in attrs]
    assert code and all('src="/' in attrs and not body.strip() for attrs, body in code)
    assert "<style" not in html and "style=" not in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert all(url.startswith("/") for url in assets), assets
    assert any("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in u for u in assets)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_docs_init_script_is_a_static_javascript_file(login_as, intake):
    client = login_as(intake)
    html = client.get("/api/v1/docs").content.decode()
    init = re.search(r'<script src="(/static/api/swagger-init[^"]*\.js)"', html).group(1)

    response = client.get(init)
    script = b"".join(response.streaming_content).decode()
    response.close()

    assert response.status_code == 200
    assert "SwaggerUIBundle(" in script


def test_docs_assets_are_served_locally(login_as, intake):
    client = login_as(intake)
    html = client.get("/api/v1/docs").content.decode()

    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()


def test_every_api_answer_names_its_version(login_as, intake, region):
    version = django_settings.SPECTACULAR_SETTINGS["VERSION"]
    me = login_as(intake).get("/api/v1/me/")
    assert me["API-Version"] == version
    assert me.json()["id"] == intake.user.pk  # /me/ names the user as other resources do
    assert Client().get("/api/v1/bestaat-niet/")["API-Version"] == version  # an error too
    assert "API-Version" not in Client().get("/inloggen/")  # the screens are not the API


def test_the_schema_documents_the_version_header_on_every_response(login_as, intake):
    schema = login_as(intake).get("/api/v1/schema", {"format": "json"}).json()

    assert "API-Version" in schema["components"]["headers"]
    undocumented = [
        f"{method.upper()} {path} {code}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items() if isinstance(operation, dict)
        for code, response in operation["responses"].items()
        if "API-Version" not in response.get("headers", {})
    ]
    assert undocumented == []


def _descriptions(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                yield value
            else:
                yield from _descriptions(value)
    elif isinstance(node, list):
        for value in node:
            yield from _descriptions(value)


def _eendak_classes(base):
    seen, todo = set(), [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [cls for cls in seen if cls.__module__.startswith("eendak.")]


def test_the_schema_publishes_no_developer_docstring():
    """Docstrings are English notes for developers; the schema speaks Dutch to integrators."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.plumbing import get_doc
    from rest_framework.serializers import BaseSerializer
    from rest_framework.views import APIView

    docs = set()
    for cls in _eendak_classes(BaseSerializer) + _eendak_classes(APIView):
        docs.add(get_doc(cls))
        docs.update(get_doc(member) for member in vars(cls).values() if callable(member))
    docs.discard("")
    schema = SchemaGenerator().get_schema(request=None, public=True)

    published = sorted(doc[:80] for doc in set(_descriptions(schema)) & docs)
    assert published == []
