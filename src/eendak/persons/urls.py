from django.urls import path

from . import views

app_name = "persons"

urlpatterns = [
    path("", views.person_search, name="person_search"),
    path("dossiers/", views.household_list, name="household_list"),
    path("dossiers/<int:household_id>/", views.household_detail, name="household_detail"),
    path("samenvoegen/", views.person_merge, name="person_merge"),
    path("samenvoegen/ongedaan/", views.person_merge_undo, name="person_merge_undo"),
    path("<int:person_id>/", views.person_detail, name="person_detail"),
    path("<int:person_id>/bsn/", views.reveal_bsn, name="reveal_bsn"),
    path("<int:person_id>/relaties/", views.add_relationship, name="add_relationship"),
]
