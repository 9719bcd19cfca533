"""The Expertisecentrum's public pages (no login) under /trainingen-en-bijeenkomsten/ (namespace
``expertise_public``): open sessions and events with a registration form."""

app_name = "expertise_public"

urlpatterns = []
