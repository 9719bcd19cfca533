from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Notifications in the application (the bell) and by e-mail.

    Low in the layers (above core and the shared API, below persons): cases, the intake, the
    Veiligheidsteam and the Spoedplein emit through ``notifications.services.notify`` where the thing
    happens, and register their daily checks of deadlines (``register_due_check``) from their own
    ``ready``; this app names none of them.
    """

    name = "eendak.notifications"
    label = "notifications"
    verbose_name = "Meldingen voor medewerkers"
