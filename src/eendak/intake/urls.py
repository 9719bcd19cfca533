from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("meldingen/nieuw/", views.report_create, name="report_create"),
    path("meldingen/<int:pk>/", views.report_detail, name="report_detail"),
    path("meldingen/<int:pk>/beoordeling/", views.report_assess, name="report_assess"),
    path("meldingen/<int:pk>/instrument/", views.report_instrument, name="report_instrument"),
    path("meldingen/<int:pk>/besluit/", views.report_decide, name="report_decide"),
    path("meldingen/<int:pk>/gesprek/", views.report_conversation, name="report_conversation"),
    path("meldingen/<int:pk>/onderzoek/", views.report_investigation, name="report_investigation"),
    path("meldingen/<int:pk>/terugkoppeling/", views.report_feedback, name="report_feedback"),
    path("meldingen/<int:pk>/informeren/", views.report_informing, name="report_informing"),
    path("meldingen/<int:pk>/persoon/", views.report_link_person, name="report_link_person"),
    path("advies/", views.advice_list, name="advice_list"),
    path("advies/nieuw/", views.advice_create, name="advice_create"),
    path("advies/<int:pk>/", views.advice_detail, name="advice_detail"),
    path("advies/<int:pk>/vastleggen/", views.advice_record, name="advice_record"),
    path("advies/<int:pk>/omzetten/", views.advice_convert, name="advice_convert"),
    # Moved to /personen/samenvoegen/ (persons:person_merge): a permanent redirect for bookmarks.
    path("personen/samenvoegen/", views.person_merge_moved, name="person_merge_moved"),
]
