"""The help catalogue as the screens and the API read it."""

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from eendak.core import exports
from eendak.core.exports import DATE, NUMBER, Column
from eendak.core.models import Municipality
from eendak.core.permissions import subject_of

from .models import Offer, Provider, TargetGroup


def offers(*, municipality_id=None, kind: str = "", target_group: str = "",
           active_only: bool = True) -> QuerySet:
    qs = Offer.objects.select_related("provider", "updated_by").prefetch_related("municipalities")
    if active_only:
        qs = qs.filter(is_active=True, provider__is_active=True)
    if municipality_id:
        qs = qs.filter(municipalities__id=municipality_id)
    if kind:
        qs = qs.filter(kind=kind)
    if target_group:
        # JSON contains is not on SQLite; a short list filtered in Python keeps one rule for both.
        ids = [o.pk for o in qs if target_group in (o.target_groups or [])]
        qs = qs.filter(pk__in=ids)
    return qs.distinct().order_by("kind", "waiting_weeks", "title")


def search(organisation_id: int | None, *, municipality_id=None, kind: str = "",
           target_group: str = "", words: str = "", own: bool = False) -> QuerySet:
    """The catalogue's search as its page has it: ``offers`` with the filter, the words in title,
    provider or description, and (``own``) only the acting organisation's offers."""
    found = offers(municipality_id=municipality_id, kind=kind, target_group=target_group)
    words = (words or "").strip()
    if words:
        found = found.filter(Q(title__icontains=words) | Q(provider__name__icontains=words)
                             | Q(description__icontains=words))
    if own:
        found = found.filter(provider__organisation_id=organisation_id)
    return found


@exports.source("catalogue.view_offers")
def offers_table(user, *, municipality_id: int | None = None, kind: str = "",
                 target_group: str = "", words: str = "", own: bool = False) -> exports.Table:
    """The help catalogue as a file: every page of ``search`` with the page's filter, the page's
    columns (the waiting time in weeks, with the marks of a long or stale one). No persons."""
    organisation_id = subject_of(user).organisation_id
    found = search(organisation_id, municipality_id=municipality_id, kind=kind,
                   target_group=target_group, words=words, own=own)
    region_size = Municipality.objects.count()
    labels = dict(TargetGroup.choices)

    def rows():
        for offer in found:
            names = sorted(m.name for m in offer.municipalities.all())
            marks = [str(_("lang")) if is_long_wait(offer) else "",
                     str(_("mogelijk verouderd")) if is_stale(offer) else ""]
            yield [offer.title, offer.provider.name, offer.get_kind_display(),
                   ", ".join(str(labels[g]) for g in offer.target_groups or [] if g in labels),
                   _("hele regio") if region_size and len(names) == region_size
                   else ", ".join(names),
                   offer.capacity, offer.waiting_weeks, ", ".join(filter(None, marks)),
                   offer.updated_at]

    detail = " ".join(filter(None, [f"gemeente={municipality_id}" if municipality_id else "",
                                    f"soort={kind}" if kind else "",
                                    f"voor={target_group}" if target_group else "",
                                    "eigen" if own else ""]))
    return exports.Table(
        title=_("Sociale kaart: hulpaanbod in de regio"), name="sociale-kaart", detail=detail,
        columns=[Column("title", _("Aanbod")), Column("provider", _("Aanbieder")),
                 Column("kind", _("Soort hulp")), Column("target_groups", _("Voor wie")),
                 Column("municipalities", _("Gemeenten")),
                 Column("capacity", _("Capaciteit"), NUMBER),
                 Column("waiting_weeks", _("Wachttijd (weken)"), NUMBER),
                 Column("marks", _("Opmerking")), Column("updated_at", _("Laatst bijgewerkt"), DATE)],
        rows=rows(), count=found.count())


def is_long_wait(offer: Offer) -> bool:
    """A waiting time the plan's maker should see before picking it (EENDAK_LONG_WAIT_WEEKS)."""
    return offer.waiting_weeks >= settings.EENDAK_LONG_WAIT_WEEKS


def is_stale(offer: Offer) -> bool:
    """Not updated for EENDAK_OFFER_STALE_DAYS: the waiting time may no longer be true."""
    return (timezone.now() - offer.updated_at).days > settings.EENDAK_OFFER_STALE_DAYS


def providers() -> QuerySet:
    """"Aanbieders in de sociale kaart" as the functional administrator pages through it: every
    provider by name, with the organisation in Eendak that keeps its offers."""
    return Provider.objects.select_related("organisation").order_by("name")


@exports.source("catalogue.manage_offers")
def providers_table(user) -> exports.Table:
    """The providers as a file: every page of ``providers``, the page's columns. No persons."""
    found = providers()
    active, inactive = _("Actief"), _("Niet actief")
    return exports.Table(
        title=_("Aanbieders in de sociale kaart"), name="aanbieders-sociale-kaart",
        columns=[Column("name", _("Naam")), Column("organisation", _("Organisatie in Eendak")),
                 Column("phone", _("Telefoon")), Column("website", _("Website")),
                 Column("status", _("Status"))],
        rows=[[p.name, p.organisation.name if p.organisation else "", p.phone, p.website,
               active if p.is_active else inactive] for p in found])
