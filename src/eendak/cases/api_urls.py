"""The case file's endpoints under /api/v1/ (namespace ``cases_api``). Every view carries its
``eendak_access`` mark."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import views

app_name = "cases_api"

router = SimpleRouter(use_regex_path=False)
router.register("cases", views.CaseViewSet, basename="case")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("own-contributions", views.OwnContributionViewSet, basename="own-contribution")
router.register("my-actions", views.MyActionViewSet, basename="my-action")
router.register("signals", views.SignalViewSet, basename="signal")

urlpatterns = [
    path("", include(router.urls)),
    path("impact-outcomes/", views.ImpactOutcomeView.as_view(), name="impact-outcomes"),
]
