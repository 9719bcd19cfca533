"""Human-readable references: a prefix, the year and a number that counts up per year."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Counter


def next_reference(prefix: str, *, when=None) -> str:
    """Reserve the next number under a row lock, so two intake officers never get the same one."""
    year = timezone.localdate(when).year if when else timezone.localdate().year
    with transaction.atomic():
        Counter.objects.get_or_create(name=prefix, year=year)
        Counter.objects.filter(name=prefix, year=year).update(value=F("value") + 1)
        value = Counter.objects.select_for_update().get(name=prefix, year=year).value
    return f"{prefix}-{year}-{value:06d}"
