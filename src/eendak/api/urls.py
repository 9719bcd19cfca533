from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from eendak.core.access import ViewAccess

from . import views

app_name = "api"


class SchemaView(SpectacularAPIView):
    eendak_access = ViewAccess.STAFF


class DocsView(SpectacularSwaggerSplitView):
    eendak_access = ViewAccess.STAFF


urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("me/", views.MeView.as_view(), name="me"),
]
