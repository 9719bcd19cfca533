"""PLACEHOLDER — replaced by the persons screens work."""

from django.http import Http404

from eendak.core.access import ViewAccess, view_access


@view_access(ViewAccess.PERSONAL)
def person_search(request):
    raise Http404


@view_access(ViewAccess.STAFF)
def household_list(request):
    raise Http404
