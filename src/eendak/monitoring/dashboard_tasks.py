"""Background work of the dashboards: computing their snapshots again (``dashboards.refresh``).

The dashboards answer from an aggregate table of published snapshots, one per scope, period and
language (``models.DashboardSnapshot``). Over the national data set a snapshot takes seconds to
compute — grouped counts over hundreds of thousands of reports, and six charts drawn by vl-convert —
so it is computed here, in the worker, for the scopes people look at (the region, every municipality
with a policy officer, every municipality someone opened lately), and a page reads it with one query.
``manage.py refresh_dashboards`` queues this every quarter of an hour (cron, docs/operations.md).

The task holds no personal data and needs no job page: nobody waits for it. Run twice at once, both
runs write the same snapshots (an upsert) — harmless.
"""

import logging

from django.tasks import task

from . import charts, dashboards, downloads

logger = logging.getLogger(__name__)


@task()
def refresh_dashboards() -> int:
    return refresh()


def refresh() -> int:
    """Every snapshot of the current default period computed again, with its charts drawn, so the
    first visitor after a refresh waits for nothing. Returns the number of snapshots."""
    boards = dashboards.refresh()
    for board in boards:
        subtitle = downloads.subtitle(board)
        for table in board.tables:
            charts.svg(table, subtitle=subtitle)
    charts.forget_old_drawings()
    logger.info("dashboards refreshed: %s snapshots", len(boards))
    return len(boards)
