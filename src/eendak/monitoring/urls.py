from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("cijfers/", views.statistics, name="statistics"),
    path("cijfers/vraag-en-aanbod/", views.offer_demand, name="offer_demand"),
    path("cijfers/effect/", views.impact_outcomes, name="impact_outcomes"),
]
