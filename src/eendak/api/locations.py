"""The ``Location`` of a 201 (NL API Strategie; RFC 9110 §15.3.2): where the client finds what it
just made. One rule for every endpoint, applied by ``base.ProblemErrorsMixin`` to each 201 that does
not name its own:

1. the new resource's own URL, when the API has one — the path it was posted to plus its ``id``
   (``POST /reports`` -> ``/reports/17``);
2. else the nearest resource that shows it: the path itself when it can be read (``POST
   /cases/5/journal`` -> ``/cases/5/journal``), or the nearest readable resource above it (``POST
   /cases/5/handovers`` -> ``/cases/5``, the case file in which the handover stands).

A view whose new resource lives elsewhere sets ``Location`` itself (an advice request converted
into a report: the report). The schema documents the header on every 201
(``schema.document_location``).
"""

from django.urls import Resolver404, resolve

API_ROOT_DEPTH = 3  # "", "api", "v1": never point above /api/v1/


def _readable(path: str) -> bool:
    """A route of the API answers GET at ``path``."""
    try:
        view = resolve(path).func
    except Resolver404:
        return False
    actions = getattr(view, "actions", None)  # a ViewSet's routes: method -> action
    if actions is not None:
        return "get" in actions
    view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
    return view_class is not None and "get" in getattr(view_class, "http_method_names", ()) and (
        hasattr(view_class, "get"))


def created_path(path: str, data) -> str:
    """The path of what a POST to ``path`` created, whose answer is ``data`` (see the module)."""
    base = path.rstrip("/")
    candidates = []
    new_id = data.get("id") if isinstance(data, dict) else None
    if isinstance(new_id, int):
        candidates.append(f"{base}/{new_id}")
    parts = base.split("/")
    while len(parts) > API_ROOT_DEPTH:
        candidates.append("/".join(parts))
        parts.pop()
    return next((candidate for candidate in candidates if _readable(candidate)), base)
