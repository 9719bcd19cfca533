"""Core's endpoints under /api/v1/. Every view carries its ``eendak_access`` mark.

No namespace of its own: the root URLconf composes it into ``api`` with the other apps' API faces,
so the names stay ``api:municipality-list``, ``api:user-detail`` and so on.
"""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("users", views.UserViewSet, basename="user")
router.register("memberships", views.MembershipViewSet, basename="membership")

urlpatterns = [
    path("", include(router.urls)),
]
