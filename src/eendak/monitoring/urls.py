from django.urls import path

from . import cbs_views, research_views, views

app_name = "monitoring"

urlpatterns = [
    path("cijfers/", views.statistics, name="statistics"),
    path("cijfers/vraag-en-aanbod/", views.offer_demand, name="offer_demand"),
    path("cijfers/effect/", views.impact_outcomes, name="impact_outcomes"),
    # The dashboards: the region (the analyst) or one municipality, each chart's downloads
    path("cijfers/dashboard/", views.dashboard, name="dashboard"),
    path("cijfers/dashboard/gemeente/<int:municipality_id>/", views.dashboard,
         name="dashboard_municipality"),
    # The dashboards as a PDF report (long work, downloaded once): before the downloads' pattern
    path("cijfers/dashboard/rapport/", views.dashboard_report_start, name="dashboard_report_start"),
    path("cijfers/dashboard/rapport/<int:report_id>/", views.dashboard_report,
         name="dashboard_report"),
    path("cijfers/dashboard/rapport/<int:report_id>/downloaden/", views.dashboard_report_download,
         name="dashboard_report_download"),
    path("cijfers/dashboard/<slug:table>/<slug:fmt>/", views.dashboard_download,
         name="dashboard_download"),
    path("cijfers/dashboard/gemeente/<int:municipality_id>/<slug:table>/<slug:fmt>/",
         views.dashboard_download, name="dashboard_download_municipality"),
    # The research export of the monitoring institute (research_views.py)
    path("cijfers/onderzoek/", research_views.study_list, name="study_list"),
    path("cijfers/onderzoek/nieuw/", research_views.study_create, name="study_create"),
    path("cijfers/onderzoek/<int:study_id>/", research_views.study_detail, name="study_detail"),
    path("cijfers/onderzoek/<int:study_id>/goedkeuren/", research_views.study_approve,
         name="study_approve"),
    path("cijfers/onderzoek/<int:study_id>/afwijzen/", research_views.study_reject,
         name="study_reject"),
    path("cijfers/onderzoek/<int:study_id>/exporteren/", research_views.study_export,
         name="study_export"),
    path("cijfers/onderzoek/exports/<int:export_id>/downloaden/", research_views.export_download,
         name="export_download"),
    # The CBS half-year delivery (cbs_views.py)
    path("cijfers/cbs/", cbs_views.cbs_start, name="cbs_start"),
    path("cijfers/cbs/<int:delivery_id>/", cbs_views.cbs_delivery, name="cbs_delivery"),
    path("cijfers/cbs/<int:delivery_id>/bestand/", cbs_views.cbs_download_csv,
         name="cbs_download_csv"),
    path("cijfers/cbs/<int:delivery_id>/verslag/", cbs_views.cbs_download_pdf,
         name="cbs_download_pdf"),
]
