from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "zugong.people"
    label = "people"
    verbose_name = "组工干部"

    def ready(self) -> None:
        from zugong.people import imports, menu  # noqa: F401 — registers the import resource and menu
