from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "zugong.projects"
    label = "projects"
    verbose_name = "项目化管理"

    def ready(self) -> None:
        from zugong.projects import menu  # noqa: F401 — registers the menu (indicators.py is autodiscovered by stats)
