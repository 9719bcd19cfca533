"""The Expertisecentrum's public pages (no login) under /trainingen-en-bijeenkomsten/ (namespace
``expertise_public``): open sessions and events with a registration form. Every route is
``ViewAccess.PUBLIC`` by design (docs/security.md)."""

from django.urls import path

from . import public_views

app_name = "expertise_public"

urlpatterns = [
    path("", public_views.home, name="home"),
    path("aanmelden/training/", public_views.enrol, name="enrol"),
    path("aanmelden/bijeenkomst/", public_views.register, name="register"),
]
