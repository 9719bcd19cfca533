"""The shared routes of /api/v1/: the OpenAPI schema, its documentation and "who am I".

Every app's endpoints live in its own ``api/urls.py``; the root URLconf (``eendak.urls``) composes
them with these into one namespace, ``api``. This module imports no app: the API layer sits below
the domains it serves. Every view class carries its ``eendak_access`` mark.
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.settings import api_settings

from eendak.core.access import ViewAccess

from . import views
from .base import ProblemErrorsMixin
from .permissions import IsVerifiedActor


class SchemaView(ProblemErrorsMixin, SpectacularAPIView):
    """The OpenAPI 3 schema, for signed-in actors (drf-spectacular would serve it to anyone)."""

    eendak_access = ViewAccess.STAFF
    authentication_classes = api_settings.DEFAULT_AUTHENTICATION_CLASSES
    permission_classes = [IsVerifiedActor]


class DocsView(ProblemErrorsMixin, SpectacularSwaggerSplitView):
    """Swagger UI from drf-spectacular-sidecar; the init script is a separate file (strict CSP)."""

    eendak_access = ViewAccess.STAFF
    authentication_classes = api_settings.DEFAULT_AUTHENTICATION_CLASSES
    permission_classes = [IsVerifiedActor]
    template_name = "api/swagger_ui.html"


urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("me/", views.MeView.as_view(), name="me"),
]
