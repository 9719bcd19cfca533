"""Who may read and keep the help catalogue: one named rule per action.

The catalogue is reference data without persons. Everyone who works in Eendak reads it (a plan is
made with it); an offer is kept up to date by its provider's own people or by the functional
administrator, who also adds providers and offers.
"""

from eendak.core.permissions import Kind, Subject, declare
from eendak.core.roles import Capability, OrganisationType, Role


def _works_here(who: Subject) -> bool:
    return bool(who.membership and who.membership.is_active)


def _administers(who: Subject) -> bool:
    return who.has(Capability.MANAGE_ORGANISATIONS) and who.is_verified


def _at_expertise_centre(who: Subject) -> bool:
    """The Expertisecentrum's staff (the catalogue sits below ``expertise`` and cannot ask it)."""
    membership = who.membership
    return bool(membership and membership.is_active and membership.role == Role.EXPERTISE_STAFF
                and membership.organisation.type == OrganisationType.EXPERTISE_CENTRE)


@declare("catalogue.view_offers", Kind.READ,
         "anyone working in Eendak (an active role): the regional help catalogue, no persons in it")
def view_offers(who: Subject, obj=None) -> bool:
    return _works_here(who)


@declare("catalogue.manage_offers", Kind.CHANGE,
         "the functional administrator: providers and offers added, changed, ended")
def manage_offers(who: Subject, obj=None) -> bool:
    return _administers(who)


def _does_the_work(who: Subject) -> bool:
    """A role that works with clients or trainees, not one that oversees (the access log's
    administrator, the privacy officer, the analyst): who knows the waiting list is who keeps it."""
    return who.has(Capability.CLIENT_DATA) or who.has(Capability.EXPERTISE_RECORDS)


@declare("catalogue.update_offer", Kind.CHANGE,
         "the provider's own people who do the work (a role with client data or the "
         "Expertisecentrum's records at its organisation; not its log administrator, privacy "
         "officer or analyst) or the functional administrator: an offer's capacity and current "
         "waiting time")
def update_offer(who: Subject, offer=None) -> bool:
    if _administers(who):
        return True
    return bool(offer is not None and _does_the_work(who) and offer.provider.organisation_id
                and offer.provider.organisation_id == who.organisation_id)


@declare("catalogue.view_demand", Kind.READ,
         "the analyst (pseudonymised figures), the Expertisecentrum's staff and the functional "
         "administrator: per offer how many plan actions wait for it and how long — counts only, "
         "no case and no person")
def view_demand(who: Subject, obj=None) -> bool:
    return who.has(Capability.STATISTICS) or _at_expertise_centre(who) or _administers(who)
