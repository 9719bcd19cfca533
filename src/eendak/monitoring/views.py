"""The analyst's figures (/cijfers/).

Not being allowed looks like not being there (404), as on every other screen.
"""

from django.http import Http404
from django.shortcuts import render

from eendak.core.access import ViewAccess, view_access
from eendak.core.permissions import allowed

from . import queries


@view_access(ViewAccess.STAFF)
def statistics(request):
    if not allowed(request.user, "monitoring.view_statistics"):
        raise Http404
    return render(request, "monitoring/statistics.html", {"figures": queries.cases_per_municipality()})
