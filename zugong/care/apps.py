from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "zugong.care"
    label = "care"
    verbose_name = "关心关爱"

    def ready(self) -> None:
        from zugong.care import menu  # noqa: F401 — registers the menu (indicators.py is autodiscovered by stats)
