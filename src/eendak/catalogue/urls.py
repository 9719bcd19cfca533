"""The help catalogue's screens under /sociale-kaart/ (namespace ``catalogue``)."""

app_name = "catalogue"

urlpatterns = []
