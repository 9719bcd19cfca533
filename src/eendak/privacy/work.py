"""The reviews of break-the-glass grants, and the data subject's requests, on "Mijn werk"
(registered with ``core.work``).

For the privacy officer and the log administrator: how many grants of their organisation wait for a
review, how many of those are past the deadline (``EENDAK_EMERGENCY_REVIEW_DAYS`` after the grant),
and the next deadline. Computed from the stored moments on every visit; no job marks anything
overdue. One query, whatever the number of grants.
"""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eendak.core.permissions import allowed
from eendak.core.work import Link, Queue, Section

from . import queries


def start_section(user, membership) -> Section | None:
    if not allowed(user, "privacy.review_emergency_access"):
        return None
    to_do = queries.reviews_to_do(membership.organisation_id).exclude(user_id=user.pk)
    now = timezone.now()
    cutoff = now - timezone.timedelta(days=queries.review_days())
    within = Q(granted_at__gte=cutoff)
    counts = to_do.aggregate(overdue=Count("pk", filter=~within), open=Count("pk", filter=within),
                             first_open=Min("granted_at", filter=within))
    overdue, open_count = counts["overdue"], counts["open"]
    report = reverse("privacy:emergency_report")
    links = []
    texts = []
    if overdue:
        texts.append(ngettext(
            "%(n)s noodtoegang is niet binnen de termijn beoordeeld.",
            "%(n)s noodtoegangen zijn niet binnen de termijn beoordeeld.", overdue) % {"n": overdue})
        links.append(Link(ngettext("%(n)s beoordeling te laat", "%(n)s beoordelingen te laat",
                                   overdue) % {"n": overdue},
                          f"{report}?status={queries.ReviewStatus.OVERDUE}"))
    if open_count:
        deadline = timezone.localtime(counts["first_open"] + timezone.timedelta(days=queries.review_days()))
        texts.append(ngettext(
            "%(n)s noodtoegang wacht op uw beoordeling; de eerste uiterlijk %(deadline)s.",
            "%(n)s noodtoegangen wachten op uw beoordeling; de eerste uiterlijk %(deadline)s.",
            open_count) % {"n": open_count, "deadline": deadline.strftime("%d-%m-%Y %H:%M")})
        links.append(Link(_("Te beoordelen"), f"{report}?status={queries.ReviewStatus.OPEN}"))
    if not texts:
        texts.append(_("Alle noodtoegang van uw organisatie is beoordeeld."))
    links.append(Link(_("Rapport noodtoegang"), report))
    queue = Queue(_("Noodtoegang te beoordelen"), overdue + open_count, report, overdue=overdue)
    return Section(_("Noodtoegang beoordelen"), " ".join(texts), links, work=lambda: [queue])


def rights_section(user, membership) -> Section | None:
    """The data subject's requests of the officer's organisation: how many are open, how many are
    past their deadline and how many near it. One query, whatever the number of requests."""
    if not allowed(user, "privacy.view_rights_requests"):
        return None
    today = timezone.localdate()
    near = today + timezone.timedelta(days=queries.NEAR_DEADLINE_DAYS)
    counts = queries.rights_requests(membership.organisation_id,
                                     status=queries.RequestFilter.OPEN).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today)),
        near=Count("pk", filter=Q(deadline__gte=today, deadline__lte=near)),
        first=Min("deadline"))
    url = reverse("privacy:request_list")
    links, texts = [], []
    if counts["overdue"]:
        texts.append(ngettext("%(n)s verzoek van een betrokkene is over de termijn.",
                              "%(n)s verzoeken van betrokkenen zijn over de termijn.",
                              counts["overdue"]) % {"n": counts["overdue"]})
        links.append(Link(ngettext("%(n)s verzoek te laat", "%(n)s verzoeken te laat",
                                   counts["overdue"]) % {"n": counts["overdue"]},
                          f"{url}?status={queries.RequestFilter.OVERDUE}"))
    if counts["near"]:
        texts.append(ngettext("%(n)s verzoek moet binnen een week beslist zijn.",
                              "%(n)s verzoeken moeten binnen een week beslist zijn.",
                              counts["near"]) % {"n": counts["near"]})
        links.append(Link(_("Termijn binnen een week"), f"{url}?status={queries.RequestFilter.NEAR}"))
    if counts["open"]:
        texts.append(ngettext("%(n)s verzoek open; de eerste termijn is %(day)s.",
                              "%(n)s verzoeken open; de eerste termijn is %(day)s.",
                              counts["open"]) % {"n": counts["open"],
                                                 "day": counts["first"].strftime("%d-%m-%Y")})
    else:
        texts.append(_("Er zijn geen open verzoeken van betrokkenen."))
    links.append(Link(_("Verzoeken van betrokkenen"), url))
    if allowed(user, "privacy.register_rights_request"):
        links.append(Link(_("Verzoek registreren"), reverse("privacy:request_register")))
    queues = [Queue(_("Open verzoeken van betrokkenen"), counts["open"], url,
                    overdue=counts["overdue"]),
              Queue(_("Termijn binnen een week"), counts["near"],
                    f"{url}?status={queries.RequestFilter.NEAR}")]
    return Section(_("Verzoeken van betrokkenen"), " ".join(texts), links, work=lambda: queues)
