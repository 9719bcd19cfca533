"""Who is acting: the user, the membership (organisation and role) they act for, and from where.

Every service function takes an ``Actor`` rather than a request, so views, the API and management
commands go through the same rules and the same access-log entries.
"""

from dataclasses import dataclass, replace

from eendak.audit.services import client_ip  # the access log's own; re-exported for callers

from .models import Membership, User


@dataclass(frozen=True)
class Actor:
    user: User | None
    membership: Membership | None
    ip_address: str | None = None
    # True while the acting user has used break-the-glass for the object being logged.
    emergency_reason: str = ""
    # For actions without a signed-in user (the public web form): the organisation that receives.
    on_behalf_of: object = None

    @classmethod
    def from_request(cls, request) -> "Actor":
        user = getattr(request, "user", None)
        if user is not None and not user.is_authenticated:
            user = None
        membership = getattr(user, "acting_membership", None) if user else None
        return cls(user=user, membership=membership, ip_address=client_ip(request))

    @classmethod
    def system(cls) -> "Actor":
        return cls(user=None, membership=None, ip_address=None)

    @classmethod
    def public(cls, request, organisation) -> "Actor":
        """A resident or professional using the public form, received by ``organisation``.

        No IP address: an anonymous advice request must not be traceable to its sender through the
        access log. (Rate limiting keeps only a keyed hash of the address, for an hour.)
        """
        return cls(user=None, membership=None, ip_address=None, on_behalf_of=organisation)

    def seen_through(self, request) -> "Actor":
        """This actor, marked as working through break-the-glass when the view found that an
        emergency grant is its only way into what the request is about (``request.eendak_emergency``,
        set by the views that decide it): a refusal then is an emergency entry with the reason too."""
        grant = getattr(request, "eendak_emergency", None)
        return replace(self, emergency_reason=grant.reason) if grant else self

    @property
    def organisation(self):
        return self.membership.organisation if self.membership else self.on_behalf_of

    @property
    def role(self) -> str:
        return self.membership.role if self.membership else ""
