from zugong.core import dashboard
from zugong.core.menu import MenuItem, register

register(
    "统计分析",
    MenuItem("统计看板", "stats:dashboard", icon="chart-bar", perm="orgs.view_orgunit", order=10),
    MenuItem("填报", "stats:form_list", icon="forms", perm="stats.view_reportassignment", order=20),
    MenuItem("简报", "stats:briefing_list", icon="news", perm="stats.view_briefing", order=30),
    MenuItem("统计快照", "stats:snapshot_list", icon="camera", perm="stats.view_snapshot", order=40),
    order=15,
)


def _todo_widget(user, unit):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from zugong.stats.selectors import assignments_to_fill

    todo = list(assignments_to_fill(user, unit)[:8])
    today = timezone.localdate()
    return {"todo": todo, "soon": [a for a in todo if a.deadline >= today and (a.deadline - today).days <= 5], "unit": unit}


dashboard.register(dashboard.Widget("stats.todo", "stats/_todo.html", "stats.view_reportassignment", _todo_widget, order=5))
