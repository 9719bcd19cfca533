"""Authentication events go to the access log; see ``eendak.audit.services``."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from eendak.audit import services as audit

from .events import Event


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    audit.log_authentication(request, user=user, event=Event.AUTH_LOGIN, outcome="success")


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    audit.log_authentication(
        request, user=None, event=Event.AUTH_LOGIN_FAILED, outcome="failed",
        detail=str(credentials.get("username", ""))[:150],
    )


@receiver(user_locked_out)
def log_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    audit.log_authentication(
        request, user=None, event=Event.AUTH_LOCKED_OUT, outcome="denied",
        detail=str(username)[:150],
    )
