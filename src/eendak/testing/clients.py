"""Log a test client in the way a person would end up: password, second factor, chosen role."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from eendak.core.middleware import SESSION_ACTING_MEMBERSHIP


def verified_client(membership, *, client: Client | None = None, verified: bool = True) -> Client:
    client = client or Client()
    user = membership.user
    client.force_login(user)
    session = client.session
    if verified:
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_ACTING_MEMBERSHIP] = membership.pk
    session.save()
    return client
