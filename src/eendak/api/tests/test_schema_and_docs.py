"""The OpenAPI 3 schema and the Swagger docs: served locally, valid, and fit for the strict CSP."""

import re

import pytest
import yaml
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client

from .support import assert_problem

pytestmark = pytest.mark.django_db


def test_schema_for_a_verified_user_is_openapi_3(login_as, intake):
    response = login_as(intake).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/households/" in schema["paths"]
    households = schema["paths"]["/api/v1/households/{id}/"]["get"]
    assert households["responses"]["404"]["content"]["application/problem+json"]["schema"] == {
        "$ref": "#/components/schemas/Problem"}
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    paths = yaml.safe_load(target.read_text())["paths"]
    assert "/api/v1/persons/{id}/reveal-bsn/" in paths


def test_schema_and_docs_need_login(region):
    assert_problem(Client().get("/api/v1/schema/"), 401)
    assert_problem(Client().get("/api/v1/docs/"), 401)


def test_docs_page_has_no_inline_script_or_style_and_no_cdn(login_as, intake):
    response = login_as(intake).get("/api/v1/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="/' in attrs and not body.strip() for attrs, body in scripts)
    assert "<style" not in html and "style=" not in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert all(url.startswith("/") for url in assets), assets
    assert any("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in u for u in assets)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_docs_init_script_is_a_separate_javascript_file(login_as, intake):
    client = login_as(intake)
    html = client.get("/api/v1/docs/").content.decode()
    init = re.search(r'<script src="(/api/v1/docs/\?script=[^"]*)"', html).group(1)

    response = client.get(init.replace("&amp;", "&"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in response.content.decode()
    assert "/api/v1/schema/" in response.content.decode()


def test_docs_assets_are_served_locally(login_as, intake):
    client = login_as(intake)
    html = client.get("/api/v1/docs/").content.decode()

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
    schema = login_as(intake).get("/api/v1/schema/", {"format": "json"}).json()

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
