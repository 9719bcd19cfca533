"""The Veiligheidsteam's endpoints under /api/v1/ (namespace ``safetyteam_api``)."""

app_name = "safetyteam_api"

urlpatterns = []
