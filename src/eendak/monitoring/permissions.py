"""Who may see the figures (the analyst's capability). Counts are no personal data, so unlike the
client-data reads this needs no second factor: the analyst works without one."""

from eendak.core.permissions import Kind, Subject, declare
from eendak.core.roles import Capability


@declare("monitoring.view_statistics", Kind.READ,
         "a role with the statistics capability (the analyst): rounded counts per municipality, "
         "never a person")
def view_statistics(who: Subject, obj=None) -> bool:
    return who.has(Capability.STATISTICS)
