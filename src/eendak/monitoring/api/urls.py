"""Monitoring's endpoints under /api/v1/ (namespace ``monitoring_api``)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import dashboards, research

app_name = "monitoring_api"

router = SimpleRouter(use_regex_path=False)
router.register("research-studies", research.ResearchStudyViewSet, basename="research-study")
router.register("research-exports", research.ResearchExportViewSet, basename="research-export")

urlpatterns = [
    path("", include(router.urls)),
    path("dashboards/", dashboards.RegionDashboardView.as_view(), name="dashboards"),
    path("dashboards/municipalities/<int:municipality_id>/",
         dashboards.MunicipalityDashboardView.as_view(), name="dashboards-municipality"),
]
