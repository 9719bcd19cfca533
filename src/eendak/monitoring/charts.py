"""The dashboards' charts: a Vega-Lite specification built from a table of the read model
(``dashboards.Table``), rendered on the server to SVG or PNG by vl-convert (offline: the Vega
runtime and its fonts are in the wheel; no browser, no CDN, no script in the page).

A chart draws exactly the table beside it: the published numbers (``dashboards.numeric``), a
suppressed count ("<5") or an unpublished share is not drawn at all — a chart can never show what
the table does not.
"""

import base64
import hashlib
import json
from datetime import timedelta

import vl_convert as vlc
from django.utils import timezone
from django.utils.translation import gettext as _

from .dashboards import SHARE, Table, numeric
from .models import ChartImage

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"  # a name, never fetched
WIDTH = 560
HEIGHT = 260
FONT = "sans-serif"
VL_CONVERT_VERSION = getattr(vlc, "__version__", "")


def data_points(table: Table) -> list[dict]:
    """One point per row and series column: x, the series' label, the colour's value, the number."""
    spec = table.chart
    columns = {c.key: c for c in table.columns}
    points = []
    for row in table.rows:
        for key in spec.series:
            column = columns[key]
            points.append({
                "x": row[spec.x], "reeks": column.label,
                "groep": row[spec.colour] if spec.colour else column.label,
                "waarde": numeric(row[key], column.kind),
            })
    return points


def vega_lite(table: Table, *, subtitle: str = "") -> dict:
    """The Vega-Lite specification of ``table``'s chart."""
    spec = table.chart
    columns = {c.key: c for c in table.columns}
    share = all(columns[key].kind == SHARE for key in spec.series)
    value = {"field": "waarde", "type": "quantitative", "title": spec.y_title}
    if share:
        value["scale"] = {"domain": [0, 100]}
    legend_title = columns[spec.colour].label if spec.colour else _("Reeks")
    colour = {"field": "groep", "type": "nominal", "title": legend_title,
              "sort": None, "scale": {"scheme": "tableau10"}}
    x_title = columns[spec.x].label
    if spec.mark == "hbar":
        mark = {"type": "bar", "tooltip": True}
        encoding = {"y": {"field": "x", "type": "nominal", "title": x_title, "sort": None},
                    "x": value}
        if len(spec.series) > 1 or spec.colour:
            encoding["color"] = colour
        height = max(HEIGHT // 2, 18 * len(table.rows))
    else:
        mark = ({"type": "line", "point": True, "tooltip": True} if spec.mark == "line"
                else {"type": "bar", "tooltip": True})
        encoding = {"x": {"field": "x", "type": "ordinal", "title": x_title, "sort": None,
                          "axis": {"labelAngle": -30}},
                    "y": value, "color": colour}
        if spec.mark == "bar" and len(spec.series) > 1:
            encoding["xOffset"] = {"field": "reeks", "sort": None}
        height = HEIGHT
    layer = {"mark": mark, "encoding": encoding}
    title = {"text": table.title, "anchor": "start", "font": FONT,
             "subtitle": [line for line in (subtitle, _("Aantallen onder 5 (<5) en niet "
                                                        "gepubliceerde percentages zijn niet "
                                                        "getekend.")) if line]}
    base = {"$schema": VEGA_LITE_SCHEMA, "title": title,
            "data": {"values": data_points(table)},
            "config": {"font": FONT, "view": {"stroke": None}}}
    if spec.colour and len(spec.series) > 1:
        # Several measures for several groups (municipalities): one small chart per measure.
        return {**base, "facet": {"column": {"field": "reeks", "type": "nominal", "title": None,
                                             "sort": None}},
                "spec": {"width": WIDTH // len(spec.series), "height": height, **layer},
                "resolve": {"scale": {"y": "independent"}}}
    return {**base, "width": WIDTH, "height": height, **layer}


def svg(table: Table, *, subtitle: str = "") -> str:
    """The chart as SVG, drawn once per specification (``models.ChartImage``): the same published
    figures under the same titles give the same drawing, so a page of six charts costs six lookups
    instead of a second of drawing. The digest includes vl-convert's version."""
    spec = vega_lite(table, subtitle=subtitle)
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(f"{VL_CONVERT_VERSION}\n{text}".encode()).hexdigest()
    found = ChartImage.objects.filter(digest=digest).values_list("svg", flat=True).first()
    if found is not None:
        return found
    drawn = vlc.vegalite_to_svg(spec)
    ChartImage.objects.bulk_create([ChartImage(digest=digest, svg=drawn, created_at=timezone.now())],
                                   ignore_conflicts=True)
    return drawn


def forget_old_drawings(days: int = 7) -> int:
    """Drawings not made in the last ``days``: a chart still shown is simply drawn again."""
    deleted, _per_model = ChartImage.objects.filter(
        created_at__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted


def png(table: Table, *, subtitle: str = "") -> bytes:
    return vlc.vegalite_to_png(vega_lite(table, subtitle=subtitle), scale=2)


def svg_data_uri(table: Table, *, subtitle: str = "") -> str:
    """The SVG as a ``data:`` URI for an ``<img>`` (the CSP allows ``img-src data:``; an SVG inlined
    in the page would need style attributes the CSP forbids)."""
    encoded = base64.b64encode(svg(table, subtitle=subtitle).encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"
