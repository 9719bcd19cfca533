"""The retention screens under /bewaren/ (namespace ``retention``)."""

from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("", views.requests, name="requests"),
    path("verzoeken/nieuw/", views.request_new, name="request_new"),
    path("verzoeken/<int:destruction_id>/", views.request_detail, name="request_detail"),
    path("termijnen/", views.periods, name="periods"),
    path("vernietigingslijst/", views.due_list, name="due_list"),
]
