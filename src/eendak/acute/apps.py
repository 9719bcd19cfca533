from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcuteConfig(AppConfig):
    name = "eendak.acute"
    label = "acute"
    verbose_name = _("Spoedplein")

    def ready(self):
        from eendak.core.work import register_start_section
        from eendak.intake.panels import register_report_panel
        from eendak.persons.registry import register_merge_link

        from . import work
        from .views import report_panel

        # "Mijn werk" (and the main navigation): the Spoedplein for hospital staff.
        register_start_section(work.start_section)
        # A report the hospital sent shows Veilig Thuis the presentation it came from.
        register_report_panel("acute", report_panel)
        # What moves when two records of one person are merged (persons.registry.merge_persons).
        register_merge_link("acute.Presentation", "patient")
        register_merge_link("acute.NamedPerson", "person")

        from eendak.retention.registry import register_eraser

        from . import erasure

        # A destruction removes the destroyed persons' presentations, photos included.
        register_eraser("acute", erasure.erase, order=10)
