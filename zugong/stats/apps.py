from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "zugong.stats"
    label = "stats"
    verbose_name = "统计"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from zugong.stats import menu  # noqa: F401

        autodiscover_modules("indicators")  # each app declares its indicators in indicators.py
