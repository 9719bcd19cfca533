from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("meldingen/nieuw/", views.report_create, name="report_create"),
    path("advies/", views.advice_list, name="advice_list"),
]
