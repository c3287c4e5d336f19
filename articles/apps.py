from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        # The apps below this one say when a person, work or image changes;
        # the articles that show it are rendered again (articles.rendering).
        from articles import rendering
        from images.signals import image_changed
        from people.signals import entity_changed

        entity_changed.connect(rendering.on_entity_changed)
        image_changed.connect(rendering.on_image_changed)
