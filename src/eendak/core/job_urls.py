"""URLs of long work (``eendak.core.jobs``), in the ``core`` namespace."""

from django.urls import path

from . import job_views as v

urlpatterns = [
    path("taken/<int:job_id>/", v.job_status, name="job_status"),
    path("taken/<int:job_id>/voortgang/", v.job_progress, name="job_progress"),
    path("taken/<int:job_id>/opnieuw/", v.job_retry, name="job_retry"),
    path("taken/<int:job_id>/resultaat/", v.job_download, name="job_download"),
    path("exporteren/", v.export_start, name="export_start"),
]
