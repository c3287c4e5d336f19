from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # The workflow says what happened to an article; this app tells the
        # people concerned (notifications.services).
        from articles.signals import article_moved
        from notifications import services

        article_moved.connect(services.on_article_moved)
