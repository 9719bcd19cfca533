"""The help catalogue's endpoints under /api/v1/ (namespace ``catalogue_api``). Every view carries
its ``eendak_access`` mark (``STAFF``: the catalogue holds no persons). Where demand exceeds supply,
counted from the case file above the catalogue, is ``monitoring_api:help-demand-list``."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import views

app_name = "catalogue_api"

router = SimpleRouter(use_regex_path=False)
router.register("help-offers", views.HelpOfferViewSet, basename="help-offer")
router.register("help-providers", views.HelpProviderViewSet, basename="help-provider")

urlpatterns = [
    path("", include(router.urls)),
]
