"""The access-log screens, break the glass and the data subject's requests under /toegangslog/
(namespace ``privacy``)."""

from django.urls import path

from . import rights_views, views

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
    # The data subject's requests (AVG art. 12-21).
    path("verzoeken/", rights_views.request_list, name="request_list"),
    path("verzoeken/nieuw/", rights_views.request_register, name="request_register"),
    path("verzoeken/<int:rights_request_id>/", rights_views.request_detail, name="request_detail"),
    path("verzoeken/<int:rights_request_id>/bestand/<int:file_id>/", rights_views.access_file_download,
         name="access_file_download"),
    path("verzoeken/<int:rights_request_id>/<slug:step>/", rights_views.request_step, name="request_step"),
]
