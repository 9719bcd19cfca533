"""/api/v1/service-tokens: the functional administrator issues, lists and revokes the API tokens of
service accounts through the API, as on the screens under /beheer/ — through the same services
(``api.tokens``), which ask ``core.manage_service_tokens`` and write the access log.

The plain token is in the answer to the POST that issues it, once; Eendak keeps only its SHA-256
hash, so no list or read can show it again.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.core.access import ViewAccess
from eendak.core.exceptions import RuleViolation
from eendak.core.models import Membership

from . import tokens
from .base import EendakAPIHelpers, EendakGenericViewSet
from .events import Event
from .permissions import IsVerifiedActor, requires
from .problems import raise_at


class ServiceTokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="Waarvoor de token dient, bijvoorbeeld het systeem dat "
                                 "hem gebruikt.")
    prefix = serializers.CharField(help_text="De eerste tekens van de token, om hem te herkennen.")
    user = serializers.IntegerField(source="membership.user_id", help_text="Het serviceaccount.")
    username = serializers.CharField(source="membership.user.username")
    membership = serializers.IntegerField(source="membership_id", help_text="Het lidmaatschap "
                                          "(organisatie en rol) waarvoor de token werkt.")
    organisation = serializers.CharField(source="membership.organisation.name")
    role = serializers.CharField(source="membership.role")
    createdAt = serializers.DateTimeField(source="created_at")
    expiresAt = serializers.DateTimeField(source="expires_at", allow_null=True,
                                          help_text="Leeg: geldig tot hij wordt ingetrokken.")
    revokedAt = serializers.DateTimeField(source="revoked_at", allow_null=True)
    isActive = serializers.SerializerMethodField()

    def get_isActive(self, token) -> bool:  # noqa: N802 - the API's camelCase
        return token.revoked_at is None and not tokens.is_expired(token)


class IssuedTokenSerializer(ServiceTokenSerializer):
    token = serializers.CharField(help_text="De token zelf, alleen in dit antwoord: Eendak bewaart "
                                  "er alleen een hash van. Gebruik hem als `Authorization: Token "
                                  "<token>`.")


class TokenInputSerializer(serializers.Serializer):
    membership = serializers.PrimaryKeyRelatedField(
        queryset=Membership.objects.select_related("user", "organisation"),
        help_text="Het lidmaatschap van een serviceaccount waarvoor de token werkt.")
    name = serializers.CharField(max_length=100, help_text="Waarvoor de token dient.")
    expiresOn = serializers.DateField(required=False, allow_null=True,
                                      help_text="Geldig tot en met deze dag; leeg: tot intrekken.")


class TokenFilterSerializer(serializers.Serializer):
    user = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1,
                                    help_text="Alleen de tokens van dit serviceaccount.")


@extend_schema_view(
    list=extend_schema(summary="API-tokens van serviceaccounts (zonder de token zelf)",
                       parameters=[TokenFilterSerializer]),
    retrieve=extend_schema(summary="Eén API-token (zonder de token zelf)"),
    create=extend_schema(summary="API-token uitgeven (de token staat alleen in dit antwoord)",
                         request=TokenInputSerializer, responses={201: IssuedTokenSerializer}),
    revoke=extend_schema(summary="API-token intrekken (werkt direct niet meer)", request=None,
                         responses=ServiceTokenSerializer),
)
@extend_schema(tags=["beheer"],
               description="API-tokens van serviceaccounts, voor de functioneel beheerder "
               "(core.manage_service_tokens). Uitgeven, lijst en intrekken komen in het toegangslog.")
class ServiceTokenViewSet(EendakAPIHelpers, EendakGenericViewSet):
    eendak_access = ViewAccess.STAFF
    permission_classes = [IsVerifiedActor, requires(tokens.MANAGE_TOKENS)]
    serializer_class = ServiceTokenSerializer
    filter_backends = []

    def get_queryset(self):
        return tokens.all_tokens()

    def list(self, request):
        wanted = self._query(TokenFilterSerializer)
        queryset = self.get_queryset()
        if wanted.get("user"):
            queryset = queryset.filter(membership__user_id=wanted["user"])
        page = self.paginate_queryset(queryset)
        audit.log_access(self.actor(), event=Event.TOKEN_LIST, action=Action.READ,
                         detail=self._page_detail(page, "tokens"))
        return self.get_paginated_response(ServiceTokenSerializer(page, many=True).data)

    def retrieve(self, request, pk):
        token = self._found(self.get_queryset(), pk, tokens.MANAGE_TOKENS)
        audit.log_access(self.actor(), event=Event.TOKEN_READ, action=Action.READ, obj=token,
                         detail=f"{token.membership.user.username}: {token.name} ({token.prefix}…)")
        return Response(ServiceTokenSerializer(token).data)

    def create(self, request):
        data = self._input(TokenInputSerializer)
        try:
            token, plain = tokens.issue_token(self.actor(), data["membership"], name=data["name"],
                                              expires_at=tokens.end_of_day(data.get("expiresOn")))
        except RuleViolation as violation:
            raise_at(violation, {"expires_on": "expiresOn"})
        body = ServiceTokenSerializer(token).data | {"token": plain}
        return Response(body, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def revoke(self, request, pk):
        token = self._found(self.get_queryset(), pk, tokens.MANAGE_TOKENS)
        return Response(ServiceTokenSerializer(tokens.revoke_token(self.actor(), token)).data)


router = SimpleRouter(use_regex_path=False)
router.register("service-tokens", ServiceTokenViewSet, basename="service-token")
urlpatterns = router.urls
