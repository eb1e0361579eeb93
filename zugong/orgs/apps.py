from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "zugong.orgs"
    label = "orgs"
    verbose_name = "组织机构"

    def ready(self) -> None:
        from zugong.orgs import imports, menu  # noqa: F401 — registers the import resource and menu
