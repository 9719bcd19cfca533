from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("cijfers/", views.statistics, name="statistics"),
]
