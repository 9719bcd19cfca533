"""The privacy endpoints under /api/v1/. Every view carries its ``eendak_access`` mark.

No namespace of its own: included from ``eendak.api.urls``, the names stay ``api:access-log``,
``api:emergency-access-list`` and so on, as they were before the endpoints moved here.
"""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import rights_views, views

router = SimpleRouter(use_regex_path=False)
router.register("emergency-access", views.EmergencyAccessViewSet, basename="emergency-access")
router.register("rights-requests", rights_views.RightsRequestViewSet, basename="rights-request")

urlpatterns = [
    # Before the router, whose emergency-access/ routes would otherwise be tried first.
    path("emergency-access/report/", views.EmergencyReportView.as_view(),
         name="emergency-access-report"),
    path("emergency-access/report/<int:pk>/review/", views.EmergencyReviewView.as_view(),
         name="emergency-access-review"),
    path("access-log/", views.AccessLogSearchView.as_view(), name="access-log"),
    path("access-log/verification/", views.AccessLogVerificationView.as_view(),
         name="access-log-verification"),
    path("persons/<int:pk>/access-history/", views.PersonAccessHistoryView.as_view(),
         name="person-access-history"),
    path("", include(router.urls)),
]
