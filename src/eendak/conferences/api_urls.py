"""The Veiligheidsteam's endpoints under /api/v1/ (namespace ``conferences_api``). Every view carries
its ``eendak_access`` mark."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import views

app_name = "conferences_api"

router = SimpleRouter(use_regex_path=False)
router.register("referrals", views.ReferralViewSet, basename="referral")
router.register("triage", views.TriageViewSet, basename="triage")
router.register("conferences", views.ConferenceViewSet, basename="conference")
router.register("agenda-items", views.AgendaItemViewSet, basename="agenda-item")
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("notices", views.NoticeViewSet, basename="notice")
router.register("own-conference-contributions", views.OwnConferenceContributionViewSet,
                basename="own-conference-contribution")

urlpatterns = [
    path("safety-team-work/", views.TeamWorkView.as_view(), name="safety-team-work"),
    path("", include(router.urls)),
]
