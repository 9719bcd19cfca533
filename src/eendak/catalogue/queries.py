"""The help catalogue as the screens and the API read it."""

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from .models import Offer


def offers(*, municipality_id=None, kind: str = "", target_group: str = "",
           active_only: bool = True) -> QuerySet:
    qs = Offer.objects.select_related("provider", "updated_by").prefetch_related("municipalities")
    if active_only:
        qs = qs.filter(is_active=True, provider__is_active=True)
    if municipality_id:
        qs = qs.filter(municipalities__id=municipality_id)
    if kind:
        qs = qs.filter(kind=kind)
    if target_group:
        # JSON contains is not on SQLite; a short list filtered in Python keeps one rule for both.
        ids = [o.pk for o in qs if target_group in (o.target_groups or [])]
        qs = qs.filter(pk__in=ids)
    return qs.distinct().order_by("kind", "waiting_weeks", "title")


def is_long_wait(offer: Offer) -> bool:
    """A waiting time the plan's maker should see before picking it (EENDAK_LONG_WAIT_WEEKS)."""
    return offer.waiting_weeks >= settings.EENDAK_LONG_WAIT_WEEKS


def is_stale(offer: Offer) -> bool:
    """Not updated for EENDAK_OFFER_STALE_DAYS: the waiting time may no longer be true."""
    return (timezone.now() - offer.updated_at).days > settings.EENDAK_OFFER_STALE_DAYS
