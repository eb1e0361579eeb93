from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "zugong.notices"
    label = "notices"
    verbose_name = "站内消息"

    def ready(self) -> None:
        from zugong.notices import menu  # noqa: F401
