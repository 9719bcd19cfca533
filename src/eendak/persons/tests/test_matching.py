"""Finding who is already known despite typing errors, missing diacritics, swapped dates, prefixes."""

from datetime import date

import pytest

from eendak.core.actors import Actor
from eendak.persons import matching, registry
from eendak.persons.registry import PersonData
from eendak.testing.factories import veilig_thuis_actor


@pytest.fixture
def known(db):
    actor = Actor.system()
    people = {
        "anouk": registry.create_person(actor, PersonData(
            given_names="Anouk Maria", surname="van der Wijk", date_of_birth=date(1990, 3, 7),
            bsn="999990019")),
        "chloe": registry.create_person(actor, PersonData(
            given_names="Chloë", surname="Janssen", birth_surname="Müller",
            date_of_birth=date(1985, 11, 21))),
        "other": registry.create_person(actor, PersonData(
            given_names="Pieter", surname="Bakker", date_of_birth=date(1990, 3, 7))),
    }
    return people


def top(**query):
    candidates = matching.find_candidates(**query)
    return candidates[0].person if candidates else None


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "who"), [
    ({"bsn": "999 990 019"}, "anouk"),
    ({"surname": "van der Wijk", "given_names": "Anouk", "date_of_birth": date(1990, 3, 7)}, "anouk"),
    ({"surname": "Wyk", "given_names": "Anouk", "date_of_birth": date(1990, 3, 7)}, "anouk"),
    ({"surname": "vd Wijck", "given_names": "Anoek", "date_of_birth": date(1990, 3, 7)}, "anouk"),
    ({"surname": "Van der Wijk", "given_names": "Anouk", "date_of_birth": date(1990, 7, 3)}, "anouk"),
    ({"surname": "Jansen", "given_names": "Chloe", "date_of_birth": date(1985, 11, 21)}, "chloe"),
    ({"surname": "Muller", "given_names": "Chloe", "date_of_birth": date(1985, 11, 21)}, "chloe"),
    ({"surname": "Janssen", "given_names": "Chloe", "date_of_birth": date(1985, 11, 12)}, "chloe"),
])
def test_finds_the_known_person(known, query, who):
    assert top(**query) == known[who]


@pytest.mark.django_db
def test_unrelated_person_is_not_proposed(known):
    candidates = matching.find_candidates(surname="Hendriks", given_names="Joost",
                                          date_of_birth=date(1970, 1, 1))
    assert candidates == []


@pytest.mark.django_db
def test_same_birthday_alone_is_not_enough_to_rank_first(known):
    found = matching.find_candidates(surname="Wijk", given_names="Anouk",
                                     date_of_birth=date(1990, 3, 7))
    assert found[0].person == known["anouk"]
    assert all(c.person != known["other"] or c.score < found[0].score for c in found)


@pytest.mark.django_db
def test_a_merged_record_is_no_longer_a_candidate(known):
    actor = Actor.system()
    duplicate = registry.create_person(actor, PersonData(
        given_names="Anouk", surname="Wijk", date_of_birth=date(1990, 3, 7)))
    registry.merge_persons(veilig_thuis_actor(), keep=known["anouk"],
                           merge=duplicate, reason="Zelfde persoon, typfout in naam.")
    people = [c.person for c in matching.find_candidates(surname="Wijk", given_names="Anouk",
                                                          date_of_birth=date(1990, 3, 7))]
    assert duplicate not in people and known["anouk"] in people
