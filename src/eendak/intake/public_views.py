"""PLACEHOLDER — replaced by the public entry work."""

from django.http import Http404

from eendak.core.access import ViewAccess, view_access


@view_access(ViewAccess.PUBLIC)
def home(request):
    raise Http404
