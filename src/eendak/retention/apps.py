from django.apps import AppConfig


class RetentionConfig(AppConfig):
    """Retention periods, destruction requests with four eyes, the destruction itself, and the
    yearly list of files due for destruction.

    Low in the layers (above persons, below cases): the apps that hold a household's file register
    their eraser and their closed files here (``retention.registry``), so retention names none of them.
    """

    name = "eendak.retention"
    label = "retention"

    def ready(self):
        from eendak.core.work import register_start_section
        from eendak.persons.registry import register_merge_link

        from . import work

        register_start_section(work.start_section)
        # The person who asked moves with a merge like any other link to them.
        register_merge_link("retention.DestructionRequest", "person")
