"""The persons endpoints under /api/v1/. Every view carries its ``eendak_access`` mark.

No namespace of its own: the root URLconf composes it into ``api`` with the other apps' API faces,
so the names stay ``api:household-list``, ``api:person-detail``, ``api:person-merge-list`` and so on.
"""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("households", views.HouseholdViewSet, basename="household")
router.register("persons", views.PersonViewSet, basename="person")
router.register("person-merges", views.PersonMergeViewSet, basename="person-merge")

urlpatterns = [
    path("", include(router.urls)),
]
