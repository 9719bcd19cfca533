"""The persons' event catalogue: the stored strings are the ones the log has always held (the hash
chain covers them), also for the events that came with the merge screen and API from the intake."""

from eendak.persons.events import Event


def test_the_stored_event_names_are_unchanged():
    assert {e.value for e in Event} == {
        "person.created", "person.relationship_added", "person.merged", "person.merge_undone",
        "household.created", "household.member_added", "persons.bsn_keys_rotated",
        "person.read", "person.search", "person.bsn_revealed", "household.read", "household.list",
        "emergency_access.lookup",
        # written by the intake's merge page and API before they moved here
        "person.merge_list", "person.merge_refused",
        # a granted correction request (privacy's data subject's requests)
        "person.corrected",
    }
    assert len(set(Event)) == len(Event.__members__)  # no two names share a value
