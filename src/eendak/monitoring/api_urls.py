"""Monitoring's endpoints under /api/v1/ (namespace ``monitoring_api``): figures, never a person
(``STAFF``)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import views

app_name = "monitoring_api"

router = SimpleRouter(use_regex_path=False)
router.register("help-demand", views.HelpDemandViewSet, basename="help-demand")

urlpatterns = [
    path("", include(router.urls)),
]
