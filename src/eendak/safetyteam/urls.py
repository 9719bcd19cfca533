"""The Veiligheidsteam's screens under /veiligheidsteam/ (namespace ``safetyteam``)."""

app_name = "safetyteam"

urlpatterns = []
