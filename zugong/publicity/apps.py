from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "zugong.publicity"
    label = "publicity"
    verbose_name = "宣传报道"

    def ready(self) -> None:
        from zugong.publicity import menu  # noqa: F401 — registers the menu (indicators.py is autodiscovered by stats)
