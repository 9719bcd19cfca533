"""PLACEHOLDER — replaced by the management-screens work."""

from django.http import Http404

from .access import ViewAccess, view_access


@view_access(ViewAccess.STAFF)
def organisation_list(request):
    raise Http404


@view_access(ViewAccess.STAFF)
def user_list(request):
    raise Http404


@view_access(ViewAccess.STAFF)
def statistics(request):
    raise Http404
