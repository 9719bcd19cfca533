"""The registry of risk and safety instruments: what each asks and whether Eendak may score it.

No client data: this is the instruments' own description, so the view is ``STAFF``. It is for the
people who record instruments on reports (``intake.record_instrument``).
"""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from eendak.api.base import EendakAPIView
from eendak.api.permissions import IsVerifiedActor, requires
from eendak.core.access import ViewAccess

from .. import instruments
from . import serializers as s


class InstrumentListView(EendakAPIView):
    eendak_access = ViewAccess.STAFF
    permission_classes = [IsVerifiedActor, requires("intake.record_instrument")]

    @extend_schema(tags=["instrumenten"], summary="De risico-instrumenten",
                   description="Per instrument de vragen en of de scoringsregels openbaar zijn "
                   "(dan berekent Eendak de score; anders wordt alleen de uitkomst vastgelegd).",
                   responses=s.InstrumentSerializer(many=True))
    def get(self, request):
        return Response(s.InstrumentSerializer(instruments.REGISTRY.values(), many=True).data)
