"""The shared routes of /api/v1/: the OpenAPI schema, its documentation and "who am I".

Every app's endpoints live in its own ``api/urls.py``; the root URLconf (``eendak.urls``) composes
them with these into one namespace, ``api``. This module imports no app: the API layer sits below
the domains it serves. Every view class carries its ``eendak_access`` mark. The paths are written
with Django's trailing slash; ``eendak.api.routing`` takes it off for the whole API.
"""

from django.conf import settings
from django.urls import path
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.renderers import TemplateHTMLRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from eendak.core.access import ViewAccess

from . import token_views, views
from .base import ProblemErrorsMixin
from .permissions import IsVerifiedActor


class SchemaView(ProblemErrorsMixin, SpectacularAPIView):
    """The OpenAPI 3 schema, for signed-in actors and API tokens alike (drf-spectacular would serve
    it to anyone)."""

    eendak_access = ViewAccess.STAFF
    authentication_classes = api_settings.DEFAULT_AUTHENTICATION_CLASSES
    permission_classes = [IsVerifiedActor]


class DocsView(ProblemErrorsMixin, SpectacularSwaggerView):
    """Swagger UI from drf-spectacular-sidecar, with the schema in the page (see the template): one
    request, readable with a session or an API token. The init script is a static file (strict CSP).
    """

    eendak_access = ViewAccess.STAFF
    authentication_classes = api_settings.DEFAULT_AUTHENTICATION_CLASSES
    permission_classes = [IsVerifiedActor]
    renderer_classes = [TemplateHTMLRenderer]
    template_name = "api/swagger_ui.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        generator = spectacular_settings.DEFAULT_GENERATOR_CLASS()
        schema = generator.get_schema(request=request, public=spectacular_settings.SERVE_PUBLIC)
        return Response({
            "title": self.title,
            "schema": schema,
            "swagger_ui_css": self._swagger_ui_resource("swagger-ui.css"),
            "swagger_ui_bundle": self._swagger_ui_resource("swagger-ui-bundle.js"),
            "swagger_ui_standalone": self._swagger_ui_resource("swagger-ui-standalone-preset.js"),
            "favicon_href": self._swagger_ui_favicon(),
            "csrf_header_name": settings.CSRF_HEADER_NAME.removeprefix("HTTP_").replace("_", "-"),
        }, template_name=self.template_name)


urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    # The standard place of the schema (NL API Design Rules, /core/publish-openapi), in JSON.
    path("openapi.json", SchemaView.as_view(renderer_classes=[OpenApiJsonRenderer]), name="openapi"),
    path("docs/", DocsView.as_view(), name="docs"),
    path("me/", views.MeView.as_view(), name="me"),
    *token_views.urlpatterns,
]
