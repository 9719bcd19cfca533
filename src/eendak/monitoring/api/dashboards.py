"""The dashboards' figures over HTTP (/api/v1/dashboards/): per chart its table's rows, published
exactly as on the screen (``monitoring.dashboards``: counts as "<5" or rounded to 5, a share or
median null under 5). ``monitoring.view_dashboards``: the analyst (the region, or any municipality),
a municipal policy officer (their own municipality only — another is the problem handler's logged
404). A half-year that cannot be read is a 400 problem+json with a Dutch message. Every read is in
the access log (counts only: no person named).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from eendak.api.base import EendakAPIView
from eendak.api.permissions import IsVerifiedActor, requires
from eendak.api.problems import camel
from eendak.audit import services as audit
from eendak.core.access import ViewAccess

from .. import dashboards, downloads

TAG = "cijfers"
PERIOD_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.STR, OpenApiParameter.QUERY, pattern=r"^\d{4}-H[12]$",
                     description="Eerste halfjaar, bijvoorbeeld 2025-H1 (standaard: drie halfjaren "
                     "voor het laatste)."),
    OpenApiParameter("to", OpenApiTypes.STR, OpenApiParameter.QUERY, pattern=r"^\d{4}-H[12]$",
                     description="Laatste halfjaar, bijvoorbeeld 2026-H2 (standaard: het huidige)."),
]
DESCRIPTION = ("Per grafiek van de dashboards de rijen van haar tabel, zoals op het scherm: aantallen "
               "afgerond op 5 (\"<5\" daaronder), een percentage of mediaan alleen over 5 of meer "
               "(anders null). Geen casus, geen gezin, geen persoon.")

class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=["text", "count", "share", "number"])


class ChartSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = serializers.ListField(child=serializers.DictField(), help_text=(
        "Per rij de kolommen op hun key: een aantal als tekst (\"<5\" of afgerond op 5), een "
        "percentage of getal, of null als het niet gepubliceerd wordt."))
    notes = serializers.ListField(child=serializers.CharField())


class DashboardMunicipalitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    cbsCode = serializers.CharField()


class DashboardSerializer(serializers.Serializer):
    municipality = DashboardMunicipalitySerializer(allow_null=True)
    computedAt = serializers.DateTimeField()
    charts = ChartSerializer(many=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.CharField()
        fields["to"] = serializers.CharField()
        return fields


def as_json(board: dashboards.Dashboard) -> dict:
    municipality = board.municipality
    return {
        "municipality": ({"id": municipality.pk, "name": municipality.name,
                          "cbsCode": municipality.cbs_code} if municipality else None),
        "from": board.period.first.key, "to": board.period.last.key,
        "computedAt": board.computed_at.isoformat(),
        "charts": [{
            "key": table.key, "title": table.title, "description": table.description,
            "columns": [{"key": camel(c.key), "label": c.label, "kind": c.kind}
                        for c in table.columns],
            "rows": [{camel(c.key): row[c.key] for c in table.columns} for row in table.rows],
            "notes": table.notes,
        } for table in board.tables],
    }


class DashboardView(EendakAPIView):
    eendak_access = ViewAccess.STAFF
    permission_classes = [IsVerifiedActor, requires("monitoring.view_dashboards")]

    def _answer(self, request, municipality_id=None):
        try:
            board = dashboards.dashboard(self.actor(), municipality_id=municipality_id,
                                         first=request.query_params.get("from", ""),
                                         last=request.query_params.get("to", ""))
        except dashboards.PeriodError as error:
            raise exceptions.ValidationError({error.field: [error.message]}) from error
        with audit.atomic():
            downloads.log_api_read(self.actor(), board)
        return Response(as_json(board))


@extend_schema(tags=[TAG])
class RegionDashboardView(DashboardView):
    @extend_schema(summary="Dashboards: de regio (de analist) of de eigen gemeente",
                   description=DESCRIPTION + " De analist krijgt de regio met elke gemeente; een "
                   "beleidsmedewerker van een gemeente de eigen gemeente.",
                   parameters=PERIOD_PARAMETERS, responses=DashboardSerializer)
    def get(self, request):
        return self._answer(request)


@extend_schema(tags=[TAG])
class MunicipalityDashboardView(DashboardView):
    @extend_schema(summary="Dashboards van één gemeente",
                   description=DESCRIPTION + " Een andere gemeente dan de eigen is voor een "
                   "beleidsmedewerker niet te vinden (404).",
                   parameters=PERIOD_PARAMETERS, responses=DashboardSerializer)
    def get(self, request, municipality_id: int):
        return self._answer(request, municipality_id)
