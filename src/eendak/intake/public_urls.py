"""The public entry, mounted at /melden/. Every route is ``ViewAccess.PUBLIC`` by design."""

from django.urls import path

from . import public_views

app_name = "public"

urlpatterns = [
    path("", public_views.home, name="home"),
    path("meldcode/", public_views.guide, name="guide"),
    path("meldcode/afwegingskader/", public_views.decision, name="decision"),
    path("formulier/", public_views.form_choice, name="form_choice"),
    path("formulier/advies/", public_views.advice_form, name="advice"),
    path("formulier/melding/", public_views.report_form, name="report"),
]
