from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "zugong.fieldwork"
    label = "fieldwork"
    verbose_name = "基层工作"

    def ready(self) -> None:
        from zugong.fieldwork import menu  # noqa: F401 — registers the menu (indicators.py is autodiscovered by stats)
