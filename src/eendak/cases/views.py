"""PLACEHOLDER — replaced by the case-file screens work."""

from django.http import Http404

from eendak.core.access import ViewAccess, view_access


@view_access(ViewAccess.PERSONAL)
def my_cases(request):
    raise Http404
