"""The case file's part of a destruction and its closed files for the yearly list
(``retention.registry``).

A destruction removes the household's cases with everything in them — the journal, the plan, the
conditions, the monitoring, the handovers, the documents (also removed from storage) — and every
mention of the destroyed persons in another household's case. Runs after the Veiligheidsteam and the
intake, whose referrals and decisions protect a case.
"""

from django.db.models import Q

from eendak.core.roles import OrganisationType

from .models import (
    Case,
    CasePerson,
    ChildHelp,
    ChildVoice,
    Document,
    ExperiencedSafety,
    JournalEntry,
    Recurrence,
    Shield,
)


def erase(erasure) -> None:
    cases = Case.objects.filter(household_id__in=erasure.households)
    erasure.deleted(Recurrence.objects.filter(previous_case__in=cases))
    # A journal entry protects the document it mentions: the entries first, then the documents.
    erasure.deleted(JournalEntry.objects.filter(case__in=cases))
    for document in Document.objects.filter(case__in=cases).only("pk", "file"):
        erasure.remove_file(document.file)
    erasure.deleted(Document.objects.filter(case__in=cases))
    erasure.deleted(CasePerson.objects.filter(person_id__in=erasure.persons))
    erasure.deleted(Shield.objects.filter(person_id__in=erasure.persons))
    erasure.deleted(ChildVoice.objects.filter(child_id__in=erasure.persons))
    erasure.deleted(ExperiencedSafety.objects.filter(person_id__in=erasure.persons))
    erasure.deleted(ChildHelp.objects.filter(child_id__in=erasure.persons))
    erasure.deleted(cases)


KINDS = {
    OrganisationType.VEILIG_THUIS: "vt_case",
    OrganisationType.LOCAL_TEAM: "local_team",
    OrganisationType.SAFETY_HOUSE: "safety_house",
}


def closed_cases(organisation_ids):
    """Every closed case of these organisations (the one responsible at closure keeps the file)."""
    from eendak.retention.registry import RetentionFile

    rows = (Case.objects.filter(Q(status="closed"), responsible_organisation_id__in=organisation_ids)
            .values_list("reference", "responsible_organisation_id",
                         "responsible_organisation__type", "household_id", "closed_at"))
    for reference, organisation_id, org_type, household_id, closed_at in rows.iterator():
        yield RetentionFile(KINDS.get(org_type, "partner"), reference, organisation_id,
                            household_id, closed_at.date())
