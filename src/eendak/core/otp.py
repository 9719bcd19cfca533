"""The second factor: TOTP devices, their enrolment, and the documented demo shortcut."""

import segno
from django.conf import settings
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator-app"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device shown during enrolment; one per user, reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_code_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)


def base32_secret(device: TOTPDevice) -> str:
    import base64

    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def demo_shortcut_allowed(user) -> bool:
    """Only demo accounts, only where the settings allow it; production settings never do."""
    return bool(settings.EENDAK_DEMO_OTP_CODE) and user.is_demo_account and not settings.IS_PRODUCTION


def verify(request, device: TOTPDevice, token: str) -> bool:
    token = (token or "").replace(" ", "")
    ok = device.verify_token(token)
    if not ok and demo_shortcut_allowed(request.user) and device.confirmed:
        ok = token == settings.EENDAK_DEMO_OTP_CODE
    if ok:
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        otp_login(request, device)
        # A step up in trust gets a new session id (ASVS 3.2.1), as the password login does
        # (django.contrib.auth.login): an id known before this step opens nothing after it.
        request.session.cycle_key()
    return ok
