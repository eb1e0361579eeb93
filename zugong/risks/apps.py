from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "zugong.risks"
    label = "risks"
    verbose_name = "岗位风险防控"

    def ready(self) -> None:
        from zugong.risks import menu  # noqa: F401 — registers the menu (indicators.py is autodiscovered by stats)
