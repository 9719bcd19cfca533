from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from eendak.core.access import ViewAccess

from .base import EendakAPIView


class ActingMembershipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.name")
    organisationType = serializers.CharField(source="organisation.type")
    role = serializers.CharField()
    roleLabel = serializers.CharField(source="get_role_display")


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Het nummer van de medewerker, zoals andere bronnen naar "
                                  "medewerkers verwijzen (bijvoorbeeld de uitvoerder van een actie).")
    username = serializers.CharField()
    fullName = serializers.CharField(source="get_full_name")
    actingMembership = ActingMembershipSerializer(source="acting_membership", allow_null=True)


class MeView(EendakAPIView):
    """Who the caller is and which organisation and role they act for."""

    eendak_access = ViewAccess.STAFF

    @extend_schema(responses=MeSerializer, tags=["mij"], summary="Wie ben ik en namens wie werk ik",
                   description="De aangemelde medewerker en de organisatie en rol waarvoor hij werkt.")
    def get(self, request):
        return Response(MeSerializer(request.user).data)
