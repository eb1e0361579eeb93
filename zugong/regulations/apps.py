from django.apps import AppConfig


class RegulationsConfig(AppConfig):
    name = "zugong.regulations"
    label = "regulations"
    verbose_name = "制度建设"

    def ready(self) -> None:
        from zugong.regulations import menu  # noqa: F401 — registers the menu (indicators.py is autodiscovered by stats)
