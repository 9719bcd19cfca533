"""Helpers for the tests of the Spoedplein's screens: URLs, posting a step of the presentation page
with its form's prefix, what a user reads of a page, and what a refusal leaves in the access log."""

import io
import re
from html import unescape

from django.urls import reverse
from PIL import Image

from eendak.audit.models import AccessLogEntry, Outcome

# The prefix of each step's form on the presentation page (acute.views.STEPS).
PREFIX = {"details": "gegevens", "person": "persoon", "injury": "letsel", "screening": "screening",
          "forensic_request": "forensisch", "forensic_cancel": "intrekken", "photo": "foto",
          "veilig_thuis": "vt", "willingness": "aangifte", "share": "delen", "follow_up": "vervolg",
          "discharge": "ontslag"}


def url(name: str, *args) -> str:
    return reverse(f"acute:{name}", args=args)


def step(client, presentation, key: str, data: dict, files: dict | None = None):
    """POST one step of the presentation page, its fields under the form's prefix."""
    prefix = PREFIX[key]
    payload = {f"{prefix}-{name}": value for name, value in data.items()}
    for name, value in (files or {}).items():
        payload[f"{prefix}-{name}"] = value
    return client.post(url(f"presentation_{key}", presentation.pk), payload)


def text_of(response) -> str:
    """The page's visible text (tags dropped, whitespace folded)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(response, anchor: str) -> str:
    """The HTML of one section of a page, by its id."""
    html = response.content.decode()
    assert f'id="{anchor}"' in html, f"no section #{anchor}"
    return html.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]


def checked(html: str, name: str) -> set[str]:
    """The values of the ticked checkboxes (or the chosen radio) named ``name`` in ``html``."""
    found = set()
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and re.search(r"\schecked\b", tag):
            value = re.search(r'value="([^"]*)"', tag)
            found.add(value.group(1) if value else "on")  # a single checkbox has no value
    return found


def field_error(response, name: str) -> str:
    """The message shown at one field (by its id), or ''."""
    html = response.content.decode()
    marker = f'id="id_{name}_error">'
    if marker not in html:
        return ""
    return unescape(html.split(marker, 1)[1].split("<", 1)[0])


def assert_refused(response, membership, permission: str) -> None:
    """The logged 404: the page is not there, and the refusal is in the access log under the name of
    the permission that said no."""
    assert response.status_code == 404
    entry = AccessLogEntry.objects.filter(user_id=membership.user_id).order_by("-id").first()
    assert entry is not None and (entry.event, entry.outcome) == (permission, Outcome.DENIED), (
        entry and (entry.event, entry.outcome))


def last_read(membership, event: str):
    """The latest successful access-log entry of ``membership``'s user for ``event``."""
    return (AccessLogEntry.objects.filter(user_id=membership.user_id, event=event,
                                          outcome=Outcome.SUCCESS).order_by("-id").first())


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 60, 160)).save(buffer, format="PNG")
    return buffer.getvalue()
