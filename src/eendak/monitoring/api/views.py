"""The figures of monitoring over HTTP: where demand for the help catalogue's offers exceeds supply,
the API face of /cijfers/vraag-en-aanbod/. Counts only — no case, no household, no person — so a
read is not a read of personal data and is not logged; a refusal is the logged 404 of the problem
handler, under the catalogue's permission ``catalogue.view_demand`` (asked before the handler, and
so before the query string is read), as on the screen.

It lives here, not in ``catalogue.api``, because the demand is counted from the case file
(``cases.queries.offer_demand``), which sits above the catalogue in the layers."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema

from eendak.api.base import EendakAPIHelpers, EendakGenericViewSet
from eendak.api.permissions import IsVerifiedActor, requires
from eendak.cases.queries import offer_demand
from eendak.core.access import ViewAccess
from eendak.core.models import Organisation

from ..dashboards import published_offer_demand
from . import serializers as s


@extend_schema(tags=["sociale kaart"])
class HelpDemandViewSet(EendakAPIHelpers, EendakGenericViewSet):
    """Where demand for the help catalogue's offers exceeds supply: per offer the plan actions
    waiting for it and how long (``cases.queries.offer_demand``)."""

    eendak_access = ViewAccess.STAFF
    permission_classes = [IsVerifiedActor, requires("catalogue.view_demand")]
    serializer_class = s.HelpDemandSerializer
    filter_backends = []

    def get_queryset(self):
        return Organisation.objects.none()  # a read model; see ``list``

    @extend_schema(summary="Vraag naar hulpaanbod: is de hulp voldoende aanwezig?",
                   description="Voor de analist, het Expertisecentrum en het functioneel beheer: per "
                   "aanbod het aantal open acties in lopende plannen dat het inzet, de mediaan van "
                   "de dagen wachten na de geplande start, de capaciteit en de wachttijd die de "
                   "aanbieder opgeeft, en of de vraag de capaciteit overschrijdt. Alleen aantallen, "
                   "zoals ze gepubliceerd worden: afgerond op 5, onder de 5 \"<5\" zonder mediaan "
                   "en zonder vergelijking. Het drukste aanbod eerst.",
                   parameters=[OpenApiParameter(
                       "municipality", OpenApiTypes.INT, OpenApiParameter.QUERY,
                       description="Alleen acties voor gezinnen in deze gemeente (id).")])
    def list(self, request):
        municipality = self._query(s.MunicipalityQuerySerializer)["municipality"]
        rows = [{**row, **published_offer_demand(row)}
                for row in offer_demand(municipality_id=municipality)]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.HelpDemandSerializer(page, many=True).data)
