"""/api/v1/: the versioned REST API. Every view class carries its ``eendak_access`` mark."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter
from rest_framework.settings import api_settings

from eendak.core.access import ViewAccess

from . import views
from .base import ProblemErrorsMixin
from .endpoints import management, persons, reference
from .permissions import IsVerifiedActor

app_name = "api"


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


router = SimpleRouter(use_regex_path=False)
router.register("municipalities", reference.MunicipalityViewSet, basename="municipality")
router.register("organisations", reference.OrganisationViewSet, basename="organisation")
router.register("households", persons.HouseholdViewSet, basename="household")
router.register("persons", persons.PersonViewSet, basename="person")
router.register("users", management.UserViewSet, basename="user")
router.register("memberships", management.MembershipViewSet, basename="membership")

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("me/", views.MeView.as_view(), name="me"),
    # The privacy endpoints (access log, break the glass), by name: api must not import privacy.
    path("", include("eendak.privacy.api.urls")),
    path("", include(router.urls)),
]
