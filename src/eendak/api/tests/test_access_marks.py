"""Every API view declares what it shows (core.access.ViewAccess), and the personal ones are the
ones that show client data."""

from django.urls import URLPattern, URLResolver, get_resolver

from eendak.core.access import ViewAccess, access_of


def api_views():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.callback

    return [(route, view) for route, view in walk(get_resolver().url_patterns)
            if route.startswith("api/v1/")]


def test_every_api_view_is_marked():
    unmarked = [route for route, view in api_views() if access_of(view) is None]
    assert unmarked == []


def test_client_data_endpoints_are_marked_personal():
    marks = {route: access_of(view) for route, view in api_views()}
    personal = {route for route, mark in marks.items() if mark == ViewAccess.PERSONAL}

    for fragment in ("households", "persons", "access-log", "access-history",
                     "emergency-access/report"):
        assert any(route.startswith(f"api/v1/{fragment}") or fragment in route for route in personal), \
            fragment
    for route in ("api/v1/municipalities", "api/v1/organisations", "api/v1/users",
                  "api/v1/memberships", "api/v1/me", "api/v1/schema", "api/v1/service-tokens",
                  "api/v1/access-log/verification"):
        assert marks[route] == ViewAccess.STAFF, route
