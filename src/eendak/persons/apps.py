from django.apps import AppConfig


class PersonsConfig(AppConfig):
    name = "eendak.persons"
    label = "persons"

    def ready(self):
        from .registry import register_merge_link

        # What moves when two records of one person are merged; other apps register their own.
        register_merge_link("persons.HouseholdMember", "person")
        register_merge_link("persons.Relationship", "person")
        register_merge_link("persons.Relationship", "other")
