from functools import partial

from django.conf import settings


def eendak(request):
    user = getattr(request, "user", None)
    from .work import start_page_sections

    membership = getattr(user, "acting_membership", None) if user else None
    if membership is not None and not user.login_complete():
        membership = None  # half logged in (second factor to come): no menu, no organisation
    return {
        # Called by the template when it shows the navigation (Django calls a callable variable),
        # so a fragment without it — the job progress polled every 2 seconds — asks nothing of the
        # apps' sections.
        "nav_sections": partial(start_page_sections, user) if membership else [],
        "acting_membership": membership,
        "region_name": settings.EENDAK_REGION_NAME,
        "is_production": settings.IS_PRODUCTION,
        "idle_timeout_minutes": settings.EENDAK_IDLE_TIMEOUT_SECONDS // 60,
    }
