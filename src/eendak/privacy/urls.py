"""The access-log screens and break the glass under /toegangslog/ (namespace ``privacy``)."""

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.log_search, name="log_search"),
    path("export/", views.log_export, name="log_export"),
    path("keten/", views.verify, name="verify"),
    path("inzage/", views.person_access_lookup, name="person_access_lookup"),
    path("inzage/<int:person_id>/", views.person_access_report, name="person_access_report"),
    path("noodtoegang/", views.emergency_report, name="emergency_report"),
    path("noodtoegang/<int:grant_id>/beoordelen/", views.emergency_review, name="emergency_review"),
    path("noodtoegang/aanvragen/", views.break_glass_start, name="break_glass_start"),
]
