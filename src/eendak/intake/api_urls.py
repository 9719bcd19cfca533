"""The intake's endpoints under /api/v1/ (placeholder list; filled by the intake API work)."""

app_name = "intake_api"

urlpatterns = []
