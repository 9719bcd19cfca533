"""What the help catalogue writes to the access log: changes only (it holds no persons, so a read of
it is not a read of personal data and is not logged); an export of it is logged, as every export."""

from enum import StrEnum

from eendak.audit import services as audit
from eendak.audit.models import Action


class Event(StrEnum):
    PROVIDER_SAVED = "catalogue.provider_saved"
    OFFER_SAVED = "catalogue.offer_saved"
    OFFER_UPDATED = "catalogue.offer_updated"
    OFFERS_EXPORTED = "catalogue.offers_exported"  # the catalogue as CSV or Excel: an export
    PROVIDERS_EXPORTED = "catalogue.providers_exported"  # the providers' list, likewise
    # A change the API refused for its input (400), logged as a failed attempt
    CHANGE_REFUSED = "catalogue.change_refused"


CATALOGUE: dict[Event, str] = {
    Event.PROVIDER_SAVED: Action.UPDATE,
    Event.OFFER_SAVED: Action.UPDATE,
    Event.OFFER_UPDATED: Action.UPDATE,
    Event.OFFERS_EXPORTED: Action.EXPORT,
    Event.PROVIDERS_EXPORTED: Action.EXPORT,
    Event.CHANGE_REFUSED: Action.UPDATE,
}


def logged(actor, event: Event, obj=None, *, detail: str = ""):
    return audit.log_access(actor, event=event, action=CATALOGUE[event], obj=obj, detail=detail)
