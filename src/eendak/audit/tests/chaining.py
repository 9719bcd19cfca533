"""Chaining in tests: the chainer runs as its own process in production; a test runs it directly."""

from eendak.audit.chainer import chain_pending
from eendak.audit.models import AccessLogLink


def chained(entries):
    """Chain every committed entry (``chainer.chain_pending``, as ``chain_access_log`` would) and copy
    each entry's chain values from its link onto the instance, so a test can compare them as it
    compared the row's own before the chainer: ``previous_hash``, ``entry_hash``, ``key_id`` and the
    chain ``position``."""
    chain_pending()
    links = {link.entry_id: link
             for link in AccessLogLink.objects.filter(entry_id__in=[e.id for e in entries])}
    for entry in entries:
        link = links[entry.id]
        entry.previous_hash, entry.entry_hash = link.previous_hash, link.entry_hash
        entry.key_id, entry.position = link.key_id, link.position
    return entries
