from django.apps import AppConfig


class OpinionsConfig(AppConfig):
    name = "zugong.opinions"
    label = "opinions"
    verbose_name = "开门评部"

    def ready(self) -> None:
        from zugong.opinions import imports, menu  # noqa: F401 — registers the import resource and the menu
