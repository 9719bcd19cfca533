"""Management screens for the functional administrator (organisations, users, memberships)."""

from django.urls import path

from . import admin_views

urlpatterns = [
    path("beheer/organisaties/", admin_views.organisation_list, name="organisation_list"),
    path("beheer/medewerkers/", admin_views.user_list, name="user_list"),
    path("cijfers/", admin_views.statistics, name="statistics"),
]
