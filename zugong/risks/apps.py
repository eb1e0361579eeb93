from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "zugong.risks"
    label = "risks"
    verbose_name = "岗位风险防控"

    def ready(self) -> None:
        # registers the import resource and the menu (indicators.py is autodiscovered by stats)
        from zugong.risks import imports, menu  # noqa: F401
