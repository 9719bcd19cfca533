from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """The privacy officer's and log administrator's screens over the access log, and break the glass.

    Apart from ``eendak.audit`` (the log itself, the bottom layer) so that the log can be written by
    every app while the screens that read it may use persons, core and the API.
    """

    name = "eendak.privacy"
    label = "privacy"

    def ready(self):
        from eendak.core.work import register_start_section
        from eendak.persons.registry import register_merge_link

        from . import work

        # A request about a person follows the person when two records are merged.
        register_merge_link("privacy.DataSubjectRequest", "person")
        register_start_section(work.start_section)
        register_start_section(work.rights_section)
