from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcuteConfig(AppConfig):
    name = "eendak.acute"
    label = "acute"
    verbose_name = _("Spoedplein")

    def ready(self):
        from eendak.persons.registry import register_merge_link

        # What moves when two records of one person are merged (persons.registry.merge_persons).
        register_merge_link("acute.Presentation", "patient")
        register_merge_link("acute.NamedPerson", "person")
