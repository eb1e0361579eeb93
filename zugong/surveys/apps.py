from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "zugong.surveys"
    label = "surveys"
    verbose_name = "满意度测评与民主评议"

    def ready(self) -> None:
        from zugong.surveys import checks, menu  # noqa: F401 — registers the menu and the system check (indicators.py is autodiscovered by stats)
