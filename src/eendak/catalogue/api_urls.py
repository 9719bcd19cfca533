"""The help catalogue's endpoints under /api/v1/ (namespace ``catalogue_api``)."""

app_name = "catalogue_api"

urlpatterns = []
