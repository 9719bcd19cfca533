"""PLACEHOLDER — replaced by the access-log screens work."""

from django.http import Http404

from eendak.core.access import ViewAccess, view_access


@view_access(ViewAccess.STAFF)
def log_search(request):
    raise Http404


verify = person_access_lookup = emergency_report = break_glass_start = log_search
