"""Read models of the persons app: what other apps share, and the merge page's recent merges.

Nothing here writes the log; the screen that shows what it reads does."""

from .models import HouseholdMember, PersonMerge


def persons_of(*households) -> list[int]:
    """The ids of everyone in these households (ids or Household objects), in one query: whom a
    screen, an export or a change is about — what an access-log entry names."""
    ids = {getattr(h, "pk", h) for h in households if h is not None}
    if not ids:
        return []
    return list(HouseholdMember.objects.filter(household_id__in=ids)
                .values_list("person_id", flat=True).distinct())


def recent_merges(limit: int = 20):
    """The last merges of two records of one person, newest first, with whom they were about and who
    merged (or undid) them: one query, however many there are."""
    return (PersonMerge.objects.select_related("kept", "merged", "merged_by", "undone_by")
            .order_by("-merged_at")[:limit])


def merge_person_ids(merges) -> list[int]:
    """Everyone these merges are about (both records of each): what the page's log entry names."""
    return sorted({pk for m in merges for pk in (m.kept_id, m.merged_id)})
