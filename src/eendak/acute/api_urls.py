"""The acute pathway's endpoints under /api/v1/ (namespace ``acute_api``)."""

app_name = "acute_api"

urlpatterns = []
