"""PLACEHOLDER — replaced by the intake screens work."""

from django.http import Http404

from eendak.core.access import ViewAccess, view_access


@view_access(ViewAccess.PERSONAL)
def queue(request):
    raise Http404


report_create = advice_list = queue
