"""Management screens for the functional administrator (organisations, users, memberships). Included
in the ``core`` namespace by ``core/urls.py``. The service-token screens under /beheer/ are the API
app's (``eendak.api.admin_urls``), the figures (/cijfers/) are ``eendak.monitoring``'s."""

from django.urls import path

from . import admin_views as v

urlpatterns = [
    path("beheer/organisaties/", v.organisation_list, name="organisation_list"),
    path("beheer/organisaties/nieuw/", v.organisation_create, name="organisation_create"),
    path("beheer/organisaties/<int:pk>/wijzigen/", v.organisation_edit, name="organisation_edit"),
    path("beheer/organisaties/<int:pk>/activeren/", v.organisation_set_active,
         name="organisation_set_active"),
    path("beheer/medewerkers/", v.user_list, name="user_list"),
    path("beheer/medewerkers/nieuw/", v.user_create, name="user_create"),
    path("beheer/medewerkers/<int:pk>/", v.user_detail, name="user_detail"),
    path("beheer/medewerkers/<int:pk>/wijzigen/", v.user_edit, name="user_edit"),
    path("beheer/medewerkers/<int:pk>/activeren/", v.user_set_active, name="user_set_active"),
    path("beheer/medewerkers/<int:pk>/tweede-factor-herstellen/", v.user_reset_second_factor,
         name="user_reset_second_factor"),
    path("beheer/medewerkers/<int:pk>/blokkade-opheffen/", v.user_unlock, name="user_unlock"),
    path("beheer/medewerkers/<int:pk>/rollen/", v.membership_add, name="membership_add"),
    path("beheer/medewerkers/<int:pk>/rollen/<int:membership_pk>/beeindigen/", v.membership_end,
         name="membership_end"),
]
