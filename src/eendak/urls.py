"""Root URLs. Every view is marked with its ``ViewAccess`` (see ``eendak.core.access``)."""

from django.urls import include, path

urlpatterns = [
    path("", include("eendak.core.urls")),
    path("", include("eendak.api.admin_urls")),
    path("", include("eendak.monitoring.urls")),
    path("personen/", include("eendak.persons.urls")),
    path("toegangslog/", include("eendak.privacy.urls")),
    path("intake/", include("eendak.intake.urls")),
    path("casussen/", include("eendak.cases.urls")),
    path("melden/", include("eendak.intake.public_urls")),
    path("api/v1/", include("eendak.api.urls")),
    path("api/v1/", include("eendak.intake.api_urls")),
    path("api/v1/", include("eendak.cases.api_urls")),
]

handler400 = "eendak.core.errors.bad_request"
handler403 = "eendak.core.errors.permission_denied"
handler404 = "eendak.core.errors.page_not_found"
handler500 = "eendak.core.errors.server_error"
