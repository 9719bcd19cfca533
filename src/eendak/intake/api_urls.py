"""The intake's endpoints under /api/v1/ (namespace ``intake_api``). Every view carries its
``eendak_access`` mark."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import identity, instruments, views

app_name = "intake_api"

router = SimpleRouter(use_regex_path=False)
router.register("reports", views.ReportViewSet, basename="report")
router.register("advice-requests", views.AdviceRequestViewSet, basename="advice-request")

urlpatterns = [
    path("person-candidates/", identity.PersonCandidatesView.as_view(), name="person-candidates"),
    path("instruments/", instruments.InstrumentListView.as_view(), name="instruments"),
    path("", include(router.urls)),
]
