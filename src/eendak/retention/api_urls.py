"""The retention endpoints under /api/v1/ (namespace ``retention_api``)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import views

app_name = "retention_api"

router = SimpleRouter(use_regex_path=False)
router.register("destruction-requests", views.DestructionRequestViewSet,
                basename="destruction-request")

urlpatterns = [
    path("", include(router.urls)),
]
