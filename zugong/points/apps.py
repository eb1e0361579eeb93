from django.apps import AppConfig


class PointsConfig(AppConfig):
    name = "zugong.points"
    label = "points"
    verbose_name = "积分卡"

    def ready(self) -> None:
        from zugong.points import menu  # noqa: F401 — registers the menu
