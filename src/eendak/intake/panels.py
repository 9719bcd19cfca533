"""Sections that apps above the intake add to a report's or an advice request's page (the
Spoedplein's presentation a hospital reported or consulted on), registered in their AppConfig.ready,
so the intake imports none of them — the same pattern as the case page's panels
(``cases.pages.register_case_panel``).

A source is a callable ``(user, record) -> ReportPanel | None``, the record a ``Report`` or an
``AdviceRequest``, asked when the page is shown; it
asks its own declared permissions and keeps to a fixed number of queries, so the report page's
budget does not grow with the data.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReportPanel:
    """A section on the report page: its anchor and title, and the template that renders
    ``context`` (with ``report`` beside it)."""

    anchor: str
    title: str
    template: str
    context: dict = field(default_factory=dict)


_PANEL_SOURCES: dict[str, Callable] = {}


def register_report_panel(name: str, source: Callable) -> None:
    _PANEL_SOURCES[name] = source


def report_panels(user, report) -> list[ReportPanel]:
    return [panel for panel in (source(user, report) for source in _PANEL_SOURCES.values())
            if panel]
