"""``{% load catalogue_tags %}``: an offer's marks where a page shows it outside the catalogue's own
screens (the plan in the case file): ``offer|long_wait`` and ``offer|stale``, the rules of
``catalogue.queries``."""

from django import template

from .. import queries

register = template.Library()


@register.filter
def long_wait(offer) -> bool:
    return bool(offer) and queries.is_long_wait(offer)


@register.filter
def stale(offer) -> bool:
    return bool(offer) and queries.is_stale(offer)
