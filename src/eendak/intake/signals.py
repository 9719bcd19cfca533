"""Signals other apps listen to, so intake does not import them (the case file marks recurrence)."""

from django.dispatch import Signal

# Sent inside the registering transaction, with ``actor`` and ``report``.
report_registered = Signal()
