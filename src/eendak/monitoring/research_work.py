"""The research studies' section on "Mijn werk" (registered with ``core.work``): for the analyst
where to register and export studies, for the privacy officer of Veilig Thuis the studies waiting
for a decision (one count query)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eendak.core.permissions import allowed
from eendak.core.work import Link, Section

from .models import Study, StudyStatus


def start_section(user, membership) -> Section | None:
    if not allowed(user, "monitoring.view_studies"):
        return None
    links = [Link(_("Onderzoeken"), reverse("monitoring:study_list"))]
    if allowed(user, "monitoring.register_study"):
        links.append(Link(_("Nieuwe studie aanmelden"), reverse("monitoring:study_create")))
        text = _("Gepseudonimiseerde exports voor het monitoringsinstituut: een studie aanmelden, "
                 "na goedkeuring exporteren en één keer downloaden.")
    else:
        waiting = Study.objects.filter(status=StudyStatus.SUBMITTED).count()
        text = ngettext("%(n)s studie wacht op uw besluit.", "%(n)s studies wachten op uw besluit.",
                        waiting) % {"n": waiting}
    return Section(_("Onderzoeksexport"), text, links)
