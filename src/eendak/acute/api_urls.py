"""The acute pathway's endpoints under /api/v1/ (namespace ``acute_api``). Every view carries its
``eendak_access`` mark."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import views

app_name = "acute_api"

router = SimpleRouter(use_regex_path=False)
router.register("presentations", views.PresentationViewSet, basename="presentation")
router.register("acute-injuries", views.InjuryViewSet, basename="acute-injury")
router.register("forensic-examinations", views.ForensicExaminationViewSet,
                basename="forensic-examination")
router.register("acute-photos", views.PhotoViewSet, basename="acute-photo")
router.register("shared-forensic-reports", views.SharedReportViewSet,
                basename="shared-forensic-report")

urlpatterns = [
    path("acute-figures/", views.FiguresView.as_view(), name="acute-figures"),
    path("", include(router.urls)),
]
