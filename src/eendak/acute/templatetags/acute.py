"""What the Spoedplein's templates (the screens and the forensic report's PDF) need beyond Django's
own tags: the body map drawn on the server, the time since arrival, and an age in words.

The body map is an accessible inline SVG (``acute/_bodymap.svg``): front and back side by side,
each region an ellipse from ``acute.bodymap.REGIONS``, injured regions filled and numbered (the
number of the injury in the list beside it), ``role="img"`` with a ``<title>`` and a ``<desc>``
that say in words what it shows. The injury table on the page is the list equivalent: the map is
never the only way to read the record.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import bodymap
from ..workflow import BodyView

register = template.Library()

SIDE_WIDTH = 200  # each side's view box is 200 x 420 (bodymap.Region.shape)
GAP = 20
TOP = 22  # room above each side for its label
LABEL_STEP = 13  # the least vertical distance between two number labels on one side


@dataclass
class Mark:
    """An injured region: its ellipse filled, and a numbered label beside the body with a line."""

    cx: int
    cy: int
    numbers: str
    label_x: int = 0
    label_y: int = 0


@dataclass
class Side:
    title: str
    x: int
    regions: list = field(default_factory=list)  # (region, injured)
    marks: list = field(default_factory=list)

    @property
    def title_x(self) -> int:
        return SIDE_WIDTH // 2  # inside the side's own group


def _place_labels(marks: list[Mark]) -> None:
    """Numbers left of the body for regions on its left half, right for the others, spread so no two
    overlap (the face's regions are small and close together)."""
    for left in (True, False):
        column = sorted((m for m in marks if (m.cx < 100) == left), key=lambda m: m.cy)
        last = None
        for mark in column:
            y = mark.cy if last is None else max(mark.cy, last + LABEL_STEP)
            mark.label_x, mark.label_y = (10 if left else SIDE_WIDTH - 10), y
            last = y


@register.inclusion_tag("acute/_bodymap.svg")
def body_map(injuries, map_id="lichaamskaart"):
    """The drawing of ``injuries`` (numbered in their order, as the list beside it numbers them)."""
    injuries = list(injuries)
    numbers: dict[str, list[int]] = {}
    for number, injury in enumerate(injuries, start=1):
        numbers.setdefault(injury.region, []).append(number)
    sides = []
    for index, view in enumerate(BodyView):
        offset = index * (SIDE_WIDTH + GAP)
        side = Side(str(view.label), offset)
        for region in bodymap.REGIONS:
            if region.view != view:
                continue
            side.regions.append((region, region.code in numbers))
            if region.code in numbers:
                side.marks.append(Mark(region.shape[0], region.shape[1],
                                       ",".join(str(n) for n in numbers[region.code])))
        _place_labels(side.marks)
        sides.append(side)
    if injuries:
        described = "; ".join(f"{n}. {i.get_kind_display()}, {i.region_label}"
                              for n, i in enumerate(injuries, start=1))
        desc = ngettext("%(n)d letsel: %(list)s.", "%(n)d letsels: %(list)s.", len(injuries)) % {
            "n": len(injuries), "list": described}
    else:
        desc = _("Geen letsel vastgelegd.")
    return {
        "sides": sides, "desc": desc, "map_id": map_id,
        "width": 2 * SIDE_WIDTH + GAP, "height": 420 + TOP, "top": TOP,
    }


@register.filter
def since(moment: datetime | None, now: datetime | None = None) -> str:
    """The time since ``moment`` as a clinician says it: "45 min", "3 u 20 min", "2 d 4 u"."""
    if moment is None:
        return ""
    minutes = max(0, int(((now or timezone.now()) - moment).total_seconds() // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("%(d)d d %(h)d u") % {"d": days, "h": hours}
    if hours:
        return _("%(h)d u %(m)d min") % {"h": hours, "m": minutes}
    return _("%(m)d min") % {"m": minutes}


def age_on(born: date | None, on: date) -> str:
    if born is None:
        return _("leeftijd onbekend")
    months = (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)
    if months < 24:
        return ngettext("%(n)d maand", "%(n)d maanden", months) % {"n": months}
    years = months // 12
    return ngettext("%(n)d jaar", "%(n)d jaar", years) % {"n": years}


@register.filter
def age_at_arrival(presentation) -> str:
    """The patient's age when they arrived: months under two, years after."""
    return age_on(presentation.patient.date_of_birth,
                  timezone.localtime(presentation.arrived_at).date())
