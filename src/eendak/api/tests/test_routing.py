"""The API's paths end without a slash (NL API Design Rules), in one place (``eendak.api.routing``):
the routes, the links the API builds and the schema say so; a request with the old slash is still
answered, by the same view, without a redirect."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from eendak.api.routing import SlashFreeRoute

from .support import body, post_json

pytestmark = pytest.mark.django_db


def _api_routes(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _api_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and prefix.startswith("api/"):
            yield prefix + str(entry.pattern), entry


def test_every_api_route_is_slash_free_also_those_added_later():
    """An app's endpoints follow the rule without doing anything: every route under /api/ (the
    notifications' too, when they arrive) is rewritten by the root URLconf."""
    routes = list(_api_routes())
    assert len(routes) > 150
    assert [route for route, _entry in routes if route.endswith("/")] == []
    # Each also answers with the slash; only the schema's standard file name never had one.
    assert [route for route, entry in routes if not isinstance(entry.pattern, SlashFreeRoute)] == [
        "api/v1/openapi.json"]


def test_links_the_api_builds_have_no_slash():
    assert reverse("cases_api:case-detail", args=[7]) == "/api/v1/cases/7"
    assert reverse("api:me") == "/api/v1/me"
    assert reverse("core:login") == "/inloggen/"  # the screens keep Django's slash


def test_with_and_without_the_slash_the_same_answer(login_as, intake):
    client = login_as(intake)
    without, with_slash = client.get("/api/v1/me"), client.get("/api/v1/me/")

    assert without.status_code == with_slash.status_code == 200
    assert body(without) == body(with_slash)
    created = post_json(client, "/api/v1/advice-requests/", {})  # an old script's POST: no redirect
    assert created.status_code == 400
