from django.apps import AppConfig


class DisciplineConfig(AppConfig):
    name = "zugong.discipline"
    label = "discipline"
    verbose_name = "违规违纪处理"

    def ready(self) -> None:
        from zugong.discipline import menu  # noqa: F401 — registers the menu (indicators.py is autodiscovered by stats)
