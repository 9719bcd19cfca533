"""The Expertisecentrum's screens under /expertisecentrum/ (namespace ``expertise``)."""

app_name = "expertise"

urlpatterns = []
