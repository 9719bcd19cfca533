"""Keeping the help catalogue: every change through one function, permission first."""

from dataclasses import dataclass, field

from django.utils import timezone

from eendak.audit import services as audit
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.models import Municipality, Organisation
from eendak.core.permissions import require

from .events import Event, logged
from .models import Offer, OfferKind, Provider, TargetGroup

MAX_WAITING_WEEKS = 104
MAX_CAPACITY = 100_000


@audit.atomic
def save_provider(actor: Actor, *, name: str, organisation: Organisation | None = None,
                  website: str = "", phone: str = "", provider: Provider | None = None,
                  is_active: bool = True) -> Provider:
    require(actor, "catalogue.manage_offers")
    name = (name or "").strip()
    if not name:
        raise RuleViolation("Vul de naam van de aanbieder in.", field="name")
    clash = Provider.objects.filter(name__iexact=name)
    if provider is not None:
        clash = clash.exclude(pk=provider.pk)
    if clash.exists():
        raise RuleViolation("Er is al een aanbieder met deze naam.", field="name")
    provider = provider or Provider()
    if len(name) > 200:
        raise RuleViolation("De naam is te lang (hoogstens 200 tekens).", field="name")
    provider.name, provider.organisation = name, organisation
    provider.website, provider.phone = (website or "").strip()[:200], (phone or "").strip()[:30]
    provider.is_active = is_active
    provider.save()
    logged(actor, Event.PROVIDER_SAVED, provider, detail=provider.name)
    return provider


@dataclass
class OfferData:
    provider: Provider
    title: str
    kind: str
    description: str = ""
    target_groups: list[str] = field(default_factory=list)
    municipality_ids: list[int] = field(default_factory=list)
    capacity: int | None = None
    waiting_weeks: int = 0
    is_active: bool = True


def _check_waiting(waiting_weeks, capacity) -> None:
    if waiting_weeks is None or not (0 <= waiting_weeks <= MAX_WAITING_WEEKS):
        raise RuleViolation(f"Geef de wachttijd in weken (0 tot {MAX_WAITING_WEEKS}).",
                            field="waiting_weeks")
    if capacity is not None and not (0 <= capacity <= MAX_CAPACITY):
        raise RuleViolation(f"Geef de capaciteit in plaatsen (0 tot {MAX_CAPACITY}).",
                            field="capacity")


@audit.atomic
def save_offer(actor: Actor, data: OfferData, *, offer: Offer | None = None) -> Offer:
    """Add or change an offer (the functional administrator)."""
    require(actor, "catalogue.manage_offers")
    title = (data.title or "").strip()
    if not title:
        raise RuleViolation("Vul de naam van het aanbod in.", field="title")
    if len(title) > 200:
        raise RuleViolation("De naam is te lang (hoogstens 200 tekens).", field="title")
    if data.kind not in OfferKind.values:
        raise RuleViolation("Kies de soort hulp.", field="kind")
    if any(g not in TargetGroup.values for g in data.target_groups or []):
        raise RuleViolation("Kies de doelgroepen uit de lijst.", field="target_groups")
    municipalities = list(Municipality.objects.filter(pk__in=data.municipality_ids or []))
    if not municipalities or len(municipalities) != len(set(data.municipality_ids)):
        raise RuleViolation("Kies de gemeenten waar het aanbod beschikbaar is.",
                            field="municipalities")
    _check_waiting(data.waiting_weeks, data.capacity)
    clash = Offer.objects.filter(provider=data.provider, title__iexact=title)
    if offer is not None:
        clash = clash.exclude(pk=offer.pk)
    if clash.exists():
        raise RuleViolation("Deze aanbieder heeft al een aanbod met deze naam.", field="title")
    offer = offer or Offer()
    offer.provider, offer.title, offer.kind = data.provider, title, data.kind
    offer.description = (data.description or "").strip()
    offer.target_groups = sorted(set(data.target_groups or []))
    offer.capacity, offer.waiting_weeks = data.capacity, data.waiting_weeks
    offer.is_active = data.is_active
    offer.updated_at, offer.updated_by = timezone.now(), actor.user
    offer.save()
    offer.municipalities.set(municipalities)
    logged(actor, Event.OFFER_SAVED, offer, detail=str(offer)[:255])
    return offer


@audit.atomic
def update_offer(actor: Actor, offer: Offer, *, waiting_weeks: int,
                 capacity: int | None = None) -> Offer:
    """The provider's current waiting time and capacity, with today's date as the last update."""
    require(actor, "catalogue.update_offer", offer)
    _check_waiting(waiting_weeks, capacity)
    offer.waiting_weeks, offer.capacity = waiting_weeks, capacity
    offer.updated_at, offer.updated_by = timezone.now(), actor.user
    offer.save(update_fields=["waiting_weeks", "capacity", "updated_at", "updated_by"])
    logged(actor, Event.OFFER_UPDATED, offer, detail=f"{waiting_weeks} weken")
    return offer
