"""The reports' part of a person's inzage (AVG art. 15), registered with ``persons.hooks``.

For one person: each report in which they are named, with their own role, what was reported (the
account), the safety assessment and the decision on follow-up. The reporter is protected (only
Veilig Thuis ever sees who reported, and never in an inzage for someone else): the reporter's row
is not shown, and their name, organisation, phone and e-mail are handed to the privacy app as
terms to remove from every text. The other persons named in the report are removed the same way.
"""

from django.utils.translation import gettext as _

from eendak.persons.hooks import SubjectFileItem, SubjectFilePart

from .models import Report, Reporter, ReportPerson


def subject_file_part(person) -> SubjectFilePart | None:
    roles = {rp.report_id: rp for rp in ReportPerson.objects.filter(person=person)}
    if not roles:
        return None
    part = SubjectFilePart(key="intake", title=_("Meldingen"), order=10)
    reports = (Report.objects.filter(pk__in=roles).select_related("organisation", "assessment",
                                                                   "decision")
               .order_by("received_at"))
    for reporter in Reporter.objects.filter(report_id__in=roles):
        part.redact |= {value for value in (reporter.name, reporter.organisation_name,
                                            reporter.phone, reporter.email) if value}
    for other in (ReportPerson.objects.filter(report_id__in=roles).exclude(person=person)
                  .select_related("person")):
        part.redact |= {other.person.full_name, other.person.given_names}
    for report in reports:
        part.items.append(SubjectFileItem(
            _("Melding %(reference)s") % {"reference": report.reference},
            _("Uw rol: %(role)s.") % {"role": roles[report.pk].get_role_display()} + "\n"
            + report.account, report.received_at, report.organisation.name))
        assessment = getattr(report, "assessment", None)
        if assessment is not None:
            part.items.append(SubjectFileItem(
                _("Veiligheidsbeoordeling: %(triage)s") % {"triage": assessment.get_triage_display()},
                assessment.rationale, assessment.assessed_at, report.organisation.name))
        decision = getattr(report, "decision", None)
        if decision is not None:
            part.items.append(SubjectFileItem(
                _("Besluit: %(kind)s") % {"kind": decision.get_kind_display()},
                decision.rationale, decision.decided_at, report.organisation.name))
    return part
