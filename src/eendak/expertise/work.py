"""The Expertisecentrum's sections on "Mijn werk" (registered with ``core.work``).

For the centre's staff: its work, and in one line what waits (two counts). For a local-team worker
(and coordinator): their own competency record of "Werken aan Veiligheid", the open trainings, the
team's record (coordinator) and asking for an experience expert — no query, because the section is
built for the menu of every page they open. The analyst finds the shares per team and municipality
here, the functional administrator the standards and competencies.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eendak.core.permissions import allowed
from eendak.core.roles import Capability
from eendak.core.work import Link, Queue, Section

from .models import ExpertRequest, Question
from .workflow import ExpertRequestStatus, QuestionStatus


def _waiting() -> tuple[list[str], list[Queue]]:
    """The section's line and the start page's queues, from the same two counts."""
    found = []
    questions = Question.objects.filter(status=QuestionStatus.OPEN).count()
    if questions:
        found.append(ngettext("%(n)d adviesvraag open", "%(n)d adviesvragen open", questions)
                     % {"n": questions})
    requests = ExpertRequest.objects.filter(status=ExpertRequestStatus.REQUESTED).count()
    if requests:
        found.append(ngettext("%(n)d aanvraag voor een ervaringsdeskundige te koppelen",
                              "%(n)d aanvragen voor een ervaringsdeskundige te koppelen", requests)
                     % {"n": requests})
    queues = [Queue(_("Open adviesvragen"), questions, reverse("expertise:questions")),
              Queue(_("Aanvragen ervaringsdeskundigen te koppelen"), requests,
                    reverse("expertise:expert_requests"))]
    return found, queues


def _centre_section() -> Section:
    links = [
        Link(_("Expertisecentrum"), reverse("expertise:work")),
        Link(_("Bijeenkomsten en inschrijvingen"), reverse("expertise:sessions")),
        Link(_("Trainingscatalogus"), reverse("expertise:courses")),
        Link(_("Adviesvragen"), reverse("expertise:questions")),
        Link(_("Ervaringsdeskundigen"), reverse("expertise:experts")),
        Link(_("Aanvragen ervaringsdeskundigen"), reverse("expertise:expert_requests")),
        Link(_("Bewustwording"), reverse("expertise:awareness")),
        Link(_("Dialoogleiders en -bijeenkomsten"), reverse("expertise:dialogue")),
        Link(_("Competenties per team"), reverse("expertise:team_competencies")),
        Link(_("Werken aan Veiligheid: aandeel per team"), reverse("expertise:competency_shares")),
    ]
    text = _("Trainingen, adviesvragen, ervaringsdeskundigen, bewustwording en dialoogleiders.")
    waiting, queues = _waiting()
    if waiting:
        text = _("Nu: %(waiting)s.") % {"waiting": "; ".join(waiting)}
    return Section(_("Expertisecentrum"), text, links, work=lambda: queues)


def start_section(user, membership) -> Section | None:
    if allowed(user, "expertise.view_work"):
        return _centre_section()
    links = []
    if allowed(user, "expertise.view_own_competencies"):
        links.append(Link(_("Mijn competenties"), reverse("expertise:my_competencies")))
        links.append(Link(_("Trainingen en inschrijven"), reverse("expertise:trainings")))
        if allowed(user, "expertise.view_team_competencies", membership.organisation):
            links.append(Link(_("Competenties van mijn team"),
                              reverse("expertise:team_competencies")))
        if allowed(user, "expertise.request_expert"):
            links.append(Link(_("Ervaringsdeskundige aanvragen"),
                              reverse("expertise:expert_request_new")))
    if allowed(user, "expertise.view_competency_shares"):
        links.append(Link(_("Werken aan Veiligheid: aandeel per team"),
                          reverse("expertise:competency_shares")))
    # The page asks expertise.manage_competencies (the capability, second factor passed). A menu is
    # only drawn after the second factor (AccessPolicyMiddleware), so the capability alone gives the
    # same answer here without the membership query ``is_verified`` costs on every page.
    if membership.has(Capability.MANAGE_ORGANISATIONS):
        links.append(Link(_("Standaarden en competenties"),
                          reverse("expertise:competency_admin")))
    if not links:
        return None
    return Section(_("Werken aan Veiligheid"),
                   _("De competenties van het kwaliteitskader Werken aan Veiligheid, de trainingen "
                     "van het Expertisecentrum die ze opbouwen, en ervaringsdeskundigen."), links)
