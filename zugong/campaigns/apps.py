from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "zugong.campaigns"
    label = "campaigns"
    verbose_name = "活动部署"

    def ready(self) -> None:
        from zugong.campaigns import menu  # noqa: F401 — registers the menu
