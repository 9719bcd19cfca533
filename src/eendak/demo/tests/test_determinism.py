"""The same seed gives the same data set; another seed gives another."""

from eendak.demo.digest import data_digest
from eendak.persons.models import Person


def test_same_seed_reproduces_the_data_and_another_seed_does_not(seed):
    seed(seed=5, persons=150)
    first = data_digest()
    names_first = sorted(Person.objects.values_list("given_names", "surname", "date_of_birth"))

    seed(seed=5, persons=150, reset=True)
    assert data_digest() == first
    assert sorted(Person.objects.values_list("given_names", "surname", "date_of_birth")) == names_first

    seed(seed=6, persons=150, reset=True)
    assert data_digest() != first



def test_the_reference_date_is_where_ages_are_counted_from(seed):
    seed(seed=5, persons=60, today="2030-06-15")
    latest_birth = Person.objects.order_by("-date_of_birth").values_list("date_of_birth", flat=True)[0]
    assert latest_birth.isoformat() <= "2030-06-15"
    assert latest_birth.year >= 2012  # the youngest are children, born in the 18 years before
