"""Entries written inside ``audit.atomic`` join the chain at the end of the block, in its transaction."""

import pytest

from eendak.audit import services as audit
from eendak.audit.models import AccessLogEntry, Action
from eendak.core.actors import Actor


def _log(detail):
    return audit.log_access(Actor.system(), event="test.read", action=Action.READ, detail=detail)


@pytest.mark.django_db
def test_entries_are_appended_when_the_outermost_block_ends():
    with audit.atomic():
        _log("one")
        with audit.atomic():
            _log("two")
        assert not AccessLogEntry.objects.exists()  # the chain lock is not taken yet
    assert list(AccessLogEntry.objects.order_by("id").values_list("detail", flat=True)) == [
        "one", "two"]
    assert audit.verify_chain().ok


@pytest.mark.django_db
def test_a_rolled_back_block_leaves_no_entry():
    with pytest.raises(ValueError), audit.atomic():
        _log("never happened")
        raise ValueError
    assert not AccessLogEntry.objects.exists()


@pytest.mark.django_db
def test_a_failed_inner_block_drops_only_its_own_entries():
    with audit.atomic():
        _log("kept")
        with pytest.raises(ValueError), audit.atomic():
            _log("rolled back with its savepoint")
            raise ValueError
    assert list(AccessLogEntry.objects.values_list("detail", flat=True)) == ["kept"]


@pytest.mark.django_db
def test_decorated_function_commits_its_entries():
    @audit.atomic
    def step():
        _log("decorated")

    step()
    step()
    assert AccessLogEntry.objects.filter(detail="decorated").count() == 2
    assert audit.verify_chain().ok
