"""Authentication events go to the access log (``eendak.audit.services``); a failed password
counts for the login throttle (``core.throttle``)."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from eendak.audit import services as audit

from . import throttle
from .events import Event


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    audit.log_authentication(request, user=user, event=Event.AUTH_LOGIN, outcome="success")


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    throttle.record_failure(username, audit.client_ip(request))
    audit.log_authentication(
        request, user=None, event=Event.AUTH_LOGIN_FAILED, outcome="failed", detail=username,
    )
