"""The API's paths end without a slash (NL API Design Rules, /core/no-trailing-slash): one rule, here.

Every app writes its API routes the Django way (``path("cases/<int:pk>/")``, DRF's routers); the
root URLconf hands its whole URL list to ``without_trailing_slash`` once, and every endpoint under
``/api/`` is rewritten to its slash-free route. So:

- ``reverse()`` gives ``/api/v1/cases/7``, the schema lists ``/cases/{id}`` (drf-spectacular reads
  the route), and a ``Location`` header or a link the API builds has no slash;
- a request *with* the slash is answered as well — the same view, no redirect (a redirect would turn
  an integrator's POST into a GET) — so scripts written against the old paths keep working;
- an app added later (its ``path("api/v1/", include(...))`` anywhere in the root URLconf) follows the
  rule without doing anything.

The screens keep their slashes: Django's ``APPEND_SLASH`` convention is theirs.
"""

from django.urls import URLPattern, URLResolver
from django.urls.resolvers import RoutePattern

API_PREFIX = "api/"


class SlashFreeRoute(RoutePattern):
    """An endpoint's route without its trailing slash, that also matches the path with one."""

    def __init__(self, route, name=None, is_endpoint=True):
        super().__init__(str(route).removesuffix("/"), name=name, is_endpoint=is_endpoint)

    def match(self, path):
        return super().match(path.removesuffix("/"))


def _endpoint(pattern: URLPattern) -> URLPattern:
    route = pattern.pattern
    if not isinstance(route, RoutePattern) or not str(route).endswith("/"):
        return pattern  # already slash-free; a regex route is left as written (the schema test sees it)
    return URLPattern(SlashFreeRoute(str(route), name=route.name), pattern.callback,
                      pattern.default_args, pattern.name)


def _rewrite(entries) -> list:
    rewritten = []
    for entry in entries:
        if isinstance(entry, URLResolver):
            rewritten.append(URLResolver(entry.pattern, _rewrite(entry.url_patterns),
                                         entry.default_kwargs, entry.app_name, entry.namespace))
        else:
            rewritten.append(_endpoint(entry))
    return rewritten


def without_trailing_slash(urlpatterns: list) -> list:
    """The root URL list with every endpoint under ``/api/`` slash-free (see the module's
    docstring); everything else as it was."""
    return [
        URLResolver(entry.pattern, _rewrite(entry.url_patterns), entry.default_kwargs,
                    entry.app_name, entry.namespace)
        if isinstance(entry, URLResolver) and str(entry.pattern).startswith(API_PREFIX) else entry
        for entry in urlpatterns
    ]
