"""The privacy app's declared permissions (``eendak.core.permissions``)."""

from eendak.core.permissions import Kind, Subject, declare
from eendak.core.roles import Capability


@declare("privacy.export_access_log", Kind.READ,
         "the log administrator (capability read_access_log), second factor passed: every entry "
         "that matches a search, as a CSV file, made as long work and downloaded by them only")
def export_access_log(who: Subject, obj=None) -> bool:
    return who.has(Capability.READ_ACCESS_LOG) and who.is_verified
