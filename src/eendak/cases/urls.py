from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.my_cases, name="my_cases"),
    path("bijdragen/", views.contributions, name="contributions"),
    path("herhaling/<int:recurrence_id>/gezien/", views.recurrence_seen, name="recurrence_seen"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/journaal/", views.journal, name="journal"),
    path("<int:pk>/documenten/<int:document_id>/", views.document, name="document"),
    path("<int:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/acties/", views.plan_actions_export, name="plan_actions_export"),
    path("<int:pk>/plan-kind.pdf", views.plan_child_pdf, name="plan_child_pdf"),
    # One POST URL per form on the case page, each calling one service (see views.STEPS).
    *views.step_urls(),
]
