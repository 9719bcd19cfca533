from django.urls import path

from . import views

app_name = "persons"

urlpatterns = [
    path("", views.person_search, name="person_search"),
    path("dossiers/", views.household_list, name="household_list"),
]
