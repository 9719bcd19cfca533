"""Root URLs. Every view is marked with its ``ViewAccess`` (see ``eendak.core.access``).

This module sits outside the layers (docs/architecture.md): it is the one place that knows every
app, so it composes what no app may, such as the ``api`` namespace of /api/v1/ out of the shared API
routes and each app's ``api/urls.py``, and applies the API's one path rule (no trailing slash)
to all of them.
"""

from django.urls import include, path

from eendak.api.routing import without_trailing_slash
from eendak.core import languages

# /api/v1/ in the namespace "api": the shared routes (schema, docs, me) and the endpoints of the apps
# that have no namespace of their own (the names are api:person-list, api:access-log, ...).
api_v1 = [
    path("", include("eendak.api.urls")),
    path("", include("eendak.privacy.api.urls")),
    path("", include("eendak.core.api.urls")),
    path("", include("eendak.persons.api.urls")),
    path("", include("eendak.notifications.api.urls")),
]

urlpatterns = [
    path("", include("eendak.core.urls")),
    path("", include("eendak.api.admin_urls")),
    path("", include("eendak.monitoring.urls")),
    path("personen/", include("eendak.persons.urls")),
    path("toegangslog/", include("eendak.privacy.urls")),
    path("bewaren/", include("eendak.retention.urls")),
    path("intake/", include("eendak.intake.urls")),
    path("casussen/", include("eendak.cases.urls")),
    path("veiligheidsteam/", include("eendak.conferences.urls")),
    path("spoedplein/", include("eendak.acute.urls")),
    path("expertisecentrum/", include("eendak.expertise.urls")),
    path("trainingen-en-bijeenkomsten/", include("eendak.expertise.public_urls")),
    path("sociale-kaart/", include("eendak.catalogue.urls")),
    path("melden/", include("eendak.intake.public_urls")),
    # Not /melden/ (the public report form): one's own notifications, the bell's list.
    path("meldingen-voor-mij/", include("eendak.notifications.urls")),
    path("taal/", languages.set_language, name="set_language"),
    path("api/v1/", include((api_v1, "api"))),
    path("api/v1/", include("eendak.intake.api_urls")),
    path("api/v1/", include("eendak.cases.api_urls")),
    path("api/v1/", include("eendak.conferences.api_urls")),
    path("api/v1/", include("eendak.acute.api_urls")),
    path("api/v1/", include("eendak.expertise.api_urls")),
    path("api/v1/", include("eendak.catalogue.api_urls")),
    path("api/v1/", include("eendak.monitoring.api_urls")),
    path("api/v1/", include("eendak.retention.api_urls")),
]

# The API's paths end without a slash (and are answered with one too): one rule for every app's
# endpoints, also those added later (eendak.api.routing).
urlpatterns = without_trailing_slash(urlpatterns)

handler400 = "eendak.core.errors.bad_request"
handler403 = "eendak.core.errors.permission_denied"
handler404 = "eendak.core.errors.page_not_found"
handler500 = "eendak.core.errors.server_error"
