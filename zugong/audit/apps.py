from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zugong.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self) -> None:
        from zugong.audit import menu, receivers  # noqa: F401
