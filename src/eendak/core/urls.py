from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("inloggen/tweede-factor/", views.second_factor, name="second_factor"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("rol-kiezen/", views.choose_role, name="choose_role"),
    path("geen-rol/", views.no_membership, name="no_membership"),
]

# The functional administrator's screens live in their own module, under the same namespace.
from .admin_urls import urlpatterns as admin_urlpatterns  # noqa: E402

urlpatterns += admin_urlpatterns

# Long work (core.jobs): status, progress fragment, retry and download of one job.
from .job_urls import urlpatterns as job_urlpatterns  # noqa: E402

urlpatterns += job_urlpatterns
