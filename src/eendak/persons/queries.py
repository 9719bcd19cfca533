"""Read models of the persons app that other apps share."""

from .models import HouseholdMember


def persons_of(*households) -> list[int]:
    """The ids of everyone in these households (ids or Household objects), in one query: whom a
    screen, an export or a change is about — what an access-log entry names."""
    ids = {getattr(h, "pk", h) for h in households if h is not None}
    if not ids:
        return []
    return list(HouseholdMember.objects.filter(household_id__in=ids)
                .values_list("person_id", flat=True).distinct())
