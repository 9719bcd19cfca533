"""The Spoedplein's screens under /spoedplein/ (namespace ``acute``)."""

app_name = "acute"

urlpatterns = []
