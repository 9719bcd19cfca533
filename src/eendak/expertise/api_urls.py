"""The Expertisecentrum's endpoints under /api/v1/ (namespace ``expertise_api``)."""

app_name = "expertise_api"

urlpatterns = []
