"""Read models: the period that applies to a file, when each file is due, the requests of an
organisation. Each with a query budget that does not grow with the data (tests/test_query_counts)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max

from eendak.core.models import Organisation
from eendak.persons.models import HouseholdMember, HouseholdRole

from . import workflow
from .models import CountedFrom, DestructionRequest, FileKind, RetentionPeriod
from .registry import RetentionFile, file_sources


class Periods:
    """Every retention period, read once; ``for_file`` picks the most specific (organisation, then
    organisation type, then the kind for everyone). No period: the file is not on any list."""

    def __init__(self):
        self.by_org, self.by_type, self.by_kind = {}, {}, {}
        for period in RetentionPeriod.objects.all():
            if period.organisation_id:
                self.by_org[(period.kind, period.organisation_id)] = period
            elif period.organisation_type:
                self.by_type[(period.kind, period.organisation_type)] = period
            else:
                self.by_kind[period.kind] = period

    def for_file(self, kind: str, organisation_id: int, organisation_type: str):
        return (self.by_org.get((kind, organisation_id))
                or self.by_type.get((kind, organisation_type)) or self.by_kind.get(kind))


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class DueFile:
    file: RetentionFile
    kind_label: str
    years: int
    counted_from: date
    due_on: date


def youngest_children(household_ids) -> dict[int, date]:
    """The youngest child's birth date per household (one query)."""
    rows = (HouseholdMember.objects.filter(household_id__in=list(household_ids),
                                           role=HouseholdRole.CHILD,
                                           person__date_of_birth__isnull=False)
            .values("household_id").annotate(youngest=Max("person__date_of_birth")))
    return {row["household_id"]: row["youngest"] for row in rows}


def due_dates(files: list[RetentionFile], periods: Periods | None = None) -> list[DueFile]:
    """When each file is due for destruction: its period counted from its closure, or from the
    youngest child's 18th birthday (never before closure) where the period says so. A file with no
    period, or whose youngest child's birth date is unknown, counts from its closure."""
    periods = periods or Periods()
    types = dict(Organisation.objects.filter(pk__in={f.organisation_id for f in files})
                 .values_list("pk", "type"))
    children = youngest_children({f.household_id for f in files if f.household_id})
    result = []
    for file in files:
        period = periods.for_file(file.kind, file.organisation_id, types.get(file.organisation_id))
        if period is None:
            continue
        start = file.closed_on
        if period.counted_from == CountedFrom.YOUNGEST_CHILD_ADULT and file.household_id in children:
            start = max(start, add_years(children[file.household_id], 18))
        result.append(DueFile(file, str(FileKind(file.kind).label), period.years, start,
                              add_years(start, period.years)))
    return result


def files_of(organisation_ids) -> list[RetentionFile]:
    organisation_ids = list(organisation_ids)
    return [file for source in file_sources() for file in source(organisation_ids)]


def due_for_destruction(organisation_ids, on: date) -> list[DueFile]:
    """The files of these organisations whose retention period has ended on ``on``."""
    return sorted((due for due in due_dates(files_of(organisation_ids)) if due.due_on <= on),
                  key=lambda due: (due.due_on, due.file.reference))


def requests_of(organisation_id):
    return (DestructionRequest.objects.filter(organisation_id=organisation_id)
            .select_related("registered_by", "proposed_by", "decided_by", "person"))


def open_requests(organisation_id):
    return requests_of(organisation_id).filter(status__in=workflow.OPEN)


def awaiting_second_eyes(organisation_id, user_id):
    """Proposals this user may approve: proposed, by someone else."""
    return (requests_of(organisation_id).filter(status=workflow.RequestStatus.PROPOSED)
            .exclude(proposed_by_id=user_id))
