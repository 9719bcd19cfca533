"""Monitoring's endpoints under /api/v1/ (namespace ``monitoring_api``): figures and the research
export, never a person on screen — the demand per offer, the dashboards and their PDF report, the
research studies and their one-time exports, the CBS half-year delivery."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import cbs, dashboards, reports, research, views

app_name = "monitoring_api"

router = SimpleRouter(use_regex_path=False)
router.register("help-demand", views.HelpDemandViewSet, basename="help-demand")
router.register("research-studies", research.ResearchStudyViewSet, basename="research-study")
router.register("research-exports", research.ResearchExportViewSet, basename="research-export")
router.register("cbs-deliveries", cbs.CbsDeliveryViewSet, basename="cbs-delivery")
router.register("dashboard-reports", reports.DashboardReportViewSet, basename="dashboard-report")

urlpatterns = [
    path("", include(router.urls)),
    path("dashboards/", dashboards.RegionDashboardView.as_view(), name="dashboards"),
    path("dashboards/municipalities/<int:municipality_id>/",
         dashboards.MunicipalityDashboardView.as_view(), name="dashboards-municipality"),
]
