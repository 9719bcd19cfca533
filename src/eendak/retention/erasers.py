"""Retention's own eraser, run after every app's: the persons themselves (names, addresses, birth
dates, search keys, BSN, relationships, merges), the household, and the exports of them that wait
to be downloaded.

A household row that something else still protects (``audit.EmergencyAccess.household``: the access
log's break-the-glass grants, which are evidence and never change) stays as an empty shell — its
reference and municipality, no person in it — and the destruction record points at it.
"""

from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError

from eendak.core import jobs
from eendak.core.models import Job
from eendak.persons.models import (
    Household,
    HouseholdMember,
    Person,
    PersonBSN,
    PersonMerge,
    Relationship,
)


def erase_persons(erasure) -> None:
    persons = list(erasure.persons)
    erasure.deleted(PersonMerge.objects.filter(Q(kept_id__in=persons) | Q(merged_id__in=persons)))
    erasure.deleted(Relationship.objects.filter(Q(person_id__in=persons) | Q(other_id__in=persons)))
    erasure.deleted(PersonBSN.objects.filter(person_id__in=persons))
    erasure.deleted(HouseholdMember.objects.filter(Q(person_id__in=persons)
                                                   | Q(household_id__in=erasure.households)))
    Person.objects.filter(pk__in=persons).update(merged_into=None)
    erasure.deleted(Person.objects.filter(pk__in=persons))
    erasure.shells = []
    for household_id in erasure.households:
        try:
            with transaction.atomic():
                erasure.deleted(Household.objects.filter(pk=household_id))
        except (ProtectedError, RestrictedError):
            erasure.shells.append(household_id)


def erase_waiting_exports(erasure) -> None:
    """A finished export that names a destroyed person and was not downloaded yet: its file goes,
    and the job no longer names anyone."""
    wanted = set(erasure.persons)
    root = jobs.export_root()
    for job in Job.objects.exclude(person_ids=[]).only("pk", "person_ids", "result_file"):
        if not wanted.intersection(job.person_ids or []):
            continue
        if job.result_file:
            erasure.files.append((_Path(root), job.result_file))
        Job.objects.filter(pk=job.pk).update(
            result_file="", result_size=None, description="",
            person_ids=[p for p in job.person_ids if p not in wanted])
        erasure.counts["core.Job"] += 1


class _Path:
    """A storage-like remover for a file under the export root."""

    def __init__(self, root):
        self.root = root

    def delete(self, name):
        (self.root / name).unlink(missing_ok=True)
