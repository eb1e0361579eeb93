from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "zugong.learning"
    label = "learning"
    verbose_name = "学习培训"

    def ready(self) -> None:
        from zugong.learning import menu  # noqa: F401 — registers the menu
