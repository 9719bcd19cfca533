from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def report_access_source(membership, household_ref):
    """Veilig Thuis holds the file of every household it received a report about (its statutory
    task): an access source for ``persons.permissions`` (None for anyone else)."""
    from django.db.models import Exists, Q

    from eendak.core.roles import Capability, OrganisationType

    from .models import Report

    if membership.organisation.type != OrganisationType.VEILIG_THUIS \
            or not membership.has(Capability.CLIENT_DATA):
        return None
    return Q(Exists(Report.objects.filter(organisation_id=membership.organisation_id,
                                          household_id=household_ref)))


class IntakeConfig(AppConfig):
    name = "eendak.intake"
    label = "intake"
    verbose_name = _("Advies en meldingen")

    def ready(self):
        from eendak.persons.permissions import register_access_source

        register_access_source("intake.report", report_access_source)
