"""One's own notifications under /api/v1/, in the namespace ``api`` (api:notification-list, ...)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("notifications", views.NotificationViewSet, basename="notification")

urlpatterns = [
    # Before the router, whose notifications/<id>/ would otherwise be tried first.
    path("notifications/preferences/", views.NotificationPreferencesView.as_view(),
         name="notification-preferences"),
    path("", include(router.urls)),
]
