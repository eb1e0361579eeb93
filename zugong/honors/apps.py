from django.apps import AppConfig


class HonorsConfig(AppConfig):
    name = "zugong.honors"
    label = "honors"
    verbose_name = "评选表彰"

    def ready(self) -> None:
        from zugong.honors import menu  # noqa: F401 — registers the menu (indicators.py is autodiscovered by stats)
