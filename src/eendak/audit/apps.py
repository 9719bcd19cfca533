from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "eendak.audit"
    label = "audit"
