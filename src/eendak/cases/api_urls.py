"""The case file's endpoints under /api/v1/ (filled by the case-file API work)."""

app_name = "cases_api"

urlpatterns = []
