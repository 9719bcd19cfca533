"""The case file's part of a person's inzage (AVG art. 15), registered with ``persons.hooks``.

For one person: the cases of the households they belong to, with what the file holds about that
household and them — their own role, the safety conditions, the current plan's goals and actions,
the journal, the documents (by name), and a child's own voice when the person is that child.
Another person's role or voice is never included; names of other people inside free text are the
privacy app's to remove (``privacy.access_file``), with the household members it knows.

A fixed number of queries per case, whatever the length of the journal.
"""

from django.utils.translation import gettext as _

from eendak.persons.hooks import SubjectFileItem, SubjectFilePart

from .models import Case, CasePerson, ChildVoice, JournalEntry, PlanAction, SafetyCondition
from .services import current_plan


def subject_file_part(person) -> SubjectFilePart | None:
    cases = list(Case.objects.filter(household__members__person=person)
                 .select_related("responsible_organisation").distinct().order_by("opened_at"))
    cases += [case for case in Case.objects.filter(case_persons__person=person)
              .select_related("responsible_organisation").distinct() if case not in cases]
    if not cases:
        return None
    part = SubjectFilePart(key="cases", title=_("Casusdossier"), order=20)
    for case in cases:
        part.items.extend(_case_items(person, case))
    return part


def _case_items(person, case) -> list[SubjectFileItem]:
    items = []
    own_role = CasePerson.objects.filter(case=case, person=person).first()
    summary = _("Status: %(status)s. Fase: %(phase)s. Verantwoordelijk voor zicht op veiligheid: "
                "%(organisation)s.") % {"status": case.get_status_display(),
                                        "phase": case.get_phase_display(),
                                        "organisation": case.responsible_organisation.name}
    if own_role:
        summary += " " + _("Uw rol in de casus: %(role)s.") % {"role": own_role.get_role_display()}
    items.append(SubjectFileItem(_("Casus %(reference)s") % {"reference": case.reference}, summary,
                                 case.opened_at))
    for condition in SafetyCondition.objects.filter(case=case):
        items.append(SubjectFileItem(_("Veiligheidsvoorwaarde"), condition.text, condition.set_at))
    plan = current_plan(case)
    if plan is not None:
        for action in (PlanAction.objects.filter(goal__version=plan)
                       .select_related("goal", "owner_organisation")):
            items.append(SubjectFileItem(
                _("Plan (%(part)s): %(goal)s") % {"part": action.goal.get_part_display(),
                                                   "goal": action.goal.text},
                action.text, action.due_on, action.owner_organisation.name))
    for voice in ChildVoice.objects.filter(case=case, child=person).select_related(
            "source_organisation"):
        items.append(SubjectFileItem(_("Wat u vertelde"), f"{voice.account}\n{voice.wishes}".strip(),
                                     voice.recorded_at, voice.source_organisation.name))
    for entry in (JournalEntry.objects.filter(case=case).select_related("source_organisation",
                                                                         "document")
                  .order_by("occurred_at", "id")):
        heading = _("Journaal: %(kind)s") % {"kind": entry.get_kind_display()}
        text = entry.text
        if entry.document_id:
            text = f"{text}\n" + _("Document: %(name)s") % {"name": entry.document.original_name}
        items.append(SubjectFileItem(heading, text, entry.occurred_at,
                                     entry.source_organisation.name))
    return items
