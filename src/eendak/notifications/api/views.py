"""One's own notifications over HTTP (/api/v1/notifications/): the list (paginated like every
list), one notification, marking one or all read, and one's preferences.

Every endpoint is the caller's own, for the membership they act for: ``notifications.*`` asked as
the screens ask it; another's notification, or one's own for another membership, is the problem
handler's logged 404. Reading writes no access-log entry (a notification names no person,
docs/notifications.md); marking read and setting preferences are logged by their services, and a
change refused for its input is logged as failed (``LogRefusedChanges``).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from eendak.api.base import EendakAPIHelpers, EendakAPIView, EendakGenericViewSet
from eendak.api.permissions import ActionPermissions, IsVerifiedActor, requires
from eendak.api.problems import raise_at
from eendak.api.refusals import LogRefusedChanges
from eendak.core.access import ViewAccess
from eendak.core.exceptions import RuleViolation

from .. import services
from ..events import Event
from ..models import Notification
from .serializers import NotificationFilterSerializer, NotificationSerializer, PreferencesSerializer

VIEW, MARK, PREFERENCES = ("notifications.view_notifications", "notifications.mark_read",
                           "notifications.set_preferences")
TAG = "meldingen"


@extend_schema(tags=[TAG])
class NotificationViewSet(ActionPermissions, EendakAPIHelpers, LogRefusedChanges,
                          EendakGenericViewSet):
    """Mijn meldingen: wat er voor mij klaarstaat, zonder namen."""

    eendak_access = ViewAccess.STAFF
    serializer_class = NotificationSerializer
    refused_event = Event.CHANGE_REFUSED
    filter_backends = []
    permissions = {"list": VIEW, "retrieve": VIEW, "read": MARK, "read_all": MARK}
    default_permission = VIEW

    def get_queryset(self):
        return services.mine(self.actor())

    @extend_schema(summary="Mijn meldingen", parameters=[NotificationFilterSerializer],
                   description="Nieuwste eerst; alleen die voor de rol waarin u nu werkt.")
    def list(self, request):
        unread = self._query(NotificationFilterSerializer).get("unread")
        queryset = self.get_queryset()
        if unread is True:
            queryset = queryset.filter(read_at__isnull=True)
        elif unread is False:
            queryset = queryset.filter(read_at__isnull=False)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(NotificationSerializer(page, many=True).data)

    @extend_schema(summary="Eén melding")
    def retrieve(self, request, pk):
        return Response(NotificationSerializer(self._found(Notification.objects, pk, VIEW)).data)

    @extend_schema(summary="Een melding als gelezen markeren", request=None,
                   responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk):
        notification = self._found(Notification.objects, pk, MARK)
        return Response(NotificationSerializer(
            services.mark_read(self.actor(), notification)).data)

    @extend_schema(summary="Al mijn meldingen als gelezen markeren", request=None,
                   responses={200: {"type": "object", "properties": {"marked": {"type": "integer"}}}})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.mark_all_read(self.actor())})


@extend_schema(tags=[TAG])
class NotificationPreferencesView(EendakAPIHelpers, LogRefusedChanges, EendakAPIView):
    """Mijn instellingen voor meldingen: per soort in Eendak en per e-mail; direct of dagelijks."""

    eendak_access = ViewAccess.STAFF
    permission_classes = [IsVerifiedActor, requires(PREFERENCES)]
    refused_event = Event.CHANGE_REFUSED
    serializer_class = PreferencesSerializer
    action = "preferences"

    def _current(self):
        frequency, choices = services.preferences_of(self.request.user)
        return {"frequency": frequency, "kinds": [
            {"kind": c.kind, "inApp": c.in_app, "byEmail": c.by_email} for c in choices]}

    @extend_schema(summary="Mijn instellingen voor meldingen", responses={200: PreferencesSerializer})
    def get(self, request):
        return Response(self._current())

    @extend_schema(summary="Mijn instellingen voor meldingen vervangen",
                   description="Noem elke soort één keer; een soort die u niet noemt blijft zoals "
                   "hij was.", request=PreferencesSerializer,
                   responses={200: PreferencesSerializer})
    def put(self, request):
        data = self._input(PreferencesSerializer)
        try:
            services.set_preferences(self.actor(), frequency=data["frequency"], choices=[
                services.Choice(c["kind"], c["in_app"], c["by_email"]) for c in data["kinds"]])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(self._current(), status=status.HTTP_200_OK)
