"""The service-token screens under /beheer/ (namespace ``tokens``), beside core's staff screens at
the same paths as before they moved here; included by the root URLconf."""

from django.urls import path

from . import admin_views as v

app_name = "tokens"

urlpatterns = [
    path("beheer/medewerkers/<int:pk>/tokens/nieuw/", v.token_create, name="create"),
    path("beheer/medewerkers/<int:pk>/tokens/<int:token_pk>/intrekken/", v.token_revoke,
         name="revoke"),
]
