"""Monitoring's endpoints under /api/v1/ (namespace ``monitoring_api``)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import research

app_name = "monitoring_api"

router = SimpleRouter(use_regex_path=False)
router.register("research-studies", research.ResearchStudyViewSet, basename="research-study")
router.register("research-exports", research.ResearchExportViewSet, basename="research-export")

urlpatterns = [
    path("", include(router.urls)),
]
