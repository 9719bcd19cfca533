"""A fingerprint of the synthetic data's content, to show that a seed reproduces its data set.

Primary keys, creation order and the encrypted BSN (Fernet adds a random IV) differ between runs and
databases; names, dates, addresses, BSNs (through their keyed lookup hash), household roles, relationships and
cases do not. The digest covers exactly those, in a fixed order.
"""

import hashlib
import json

from eendak.cases.models import Participation
from eendak.persons.models import HouseholdMember, Relationship


def _line(values) -> bytes:
    return json.dumps(values, default=str, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def data_digest() -> str:
    digest = hashlib.sha256()
    members = (
        HouseholdMember.objects.filter(household__is_synthetic=True)
        .order_by("household__reference", "person__date_of_birth", "person__given_names",
                  "person__surname", "person__bsn__lookup_hash")
        .values_list(
            "household__reference", "household__municipality__cbs_code", "household__created_at",
            "role", "person__given_names", "person__surname_prefix", "person__surname",
            "person__birth_surname_prefix", "person__birth_surname", "person__date_of_birth",
            "person__sex", "person__street", "person__house_number", "person__postcode",
            "person__city", "person__municipality__cbs_code", "person__is_synthetic",
            "person__bsn__status", "person__bsn__lookup_hash",
        )
    )
    for row in members.iterator(chunk_size=5000):
        digest.update(_line(row))
    who = ("given_names", "surname", "date_of_birth")
    relationships = (
        Relationship.objects.filter(person__is_synthetic=True)
        .values_list(*(f"person__{f}" for f in who), "kind", *(f"other__{f}" for f in who))
    )
    for row in sorted(relationships, key=str):
        digest.update(_line(row))
    participations = (
        Participation.objects.filter(case__is_synthetic=True)
        .order_by("case__reference", "organisation__name", "started_at")
        .values_list(
            "case__reference", "case__household__reference", "case__status",
            "case__responsible_organisation__name", "case__opened_at", "case__closed_at",
            "organisation__name", "task", "started_at", "ended_at",
        )
    )
    for row in participations.iterator(chunk_size=5000):
        digest.update(_line(row))
    return digest.hexdigest()
