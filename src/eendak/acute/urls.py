"""The Spoedplein's screens under /spoedplein/ (namespace ``acute``)."""

from django.urls import path

from . import views

app_name = "acute"

urlpatterns = [
    path("", views.work, name="work"),
    path("nieuw/", views.register, name="register"),
    path("<int:presentation_id>/", views.presentation, name="presentation"),
    # One POST URL per form of the presentation page, each calling one service (views.STEPS).
    *[path(f"<int:presentation_id>/{step.route}", views.STEP_VIEWS[step.key],
           name=f"presentation_{step.key}") for step in views.STEPS],
    path("<int:presentation_id>/forensisch-rapport.pdf", views.forensic_pdf, name="forensic_pdf"),
    path("letsel/<int:injury_id>/verwijderen/", views.injury_remove, name="injury_remove"),
    path("fotos/<int:photo_id>/", views.photo, name="photo"),
    path("forensisch/", views.forensic_queue, name="forensic_queue"),
    path("forensisch/<int:examination_id>/", views.forensic_report, name="forensic_report"),
    path("gedeeld/", views.shared, name="shared"),
    path("cijfers/", views.figures, name="figures"),
]
