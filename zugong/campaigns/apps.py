from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "zugong.campaigns"
    label = "campaigns"
    verbose_name = "活动部署"

    def ready(self) -> None:
        from zugong.accounts.access import register_grant_source
        from zugong.campaigns import menu  # noqa: F401 — registers the menu
        from zugong.campaigns.supervision import grants_for

        register_grant_source(grants_for)
