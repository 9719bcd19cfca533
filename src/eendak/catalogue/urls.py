"""The help catalogue's screens under /sociale-kaart/ (namespace ``catalogue``)."""

from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("", views.offer_list, name="offer_list"),
    path("aanbod/nieuw/", views.offer_create, name="offer_create"),
    path("aanbod/<int:offer_id>/", views.offer_detail, name="offer_detail"),
    path("aanbod/<int:offer_id>/bijwerken/", views.offer_update, name="offer_update"),
    path("aanbod/<int:offer_id>/wijzigen/", views.offer_edit, name="offer_edit"),
    path("aanbieders/", views.provider_list, name="provider_list"),
    path("aanbieders/nieuw/", views.provider_create, name="provider_create"),
    path("aanbieders/<int:provider_id>/wijzigen/", views.provider_edit, name="provider_edit"),
]
