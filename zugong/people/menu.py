from zugong.core import dashboard
from zugong.core.menu import MenuItem, register
from zugong.people import selectors

register(
    "干部队伍",
    MenuItem("组工干部名册", "people:cadre_list", icon="users", perm="people.view_cadre", order=10),
    MenuItem("导入名册", "people:cadre_import", icon="file-import", perm="people.import_cadre", order=20),
    MenuItem("干部变动登记", "people:movement_list", icon="arrows-exchange", perm="people.view_movement", order=30),
    MenuItem("在外挂职干部", "people:secondment_list", icon="plane-departure", perm="people.view_movement", order=40),
    MenuItem("后备干部人才库", "people:reserve_list", icon="user-star", perm="people.view_cadre", order=50),
    order=20,
)


def _roster_widget(user, unit):  # type: ignore[no-untyped-def]
    return {
        "unit": unit,
        "profile": selectors.roster_profile(user, unit),
        "by_child": selectors.headcount_by_child(user, unit),
        "movements": selectors.movements_this_year(user, unit),
    }


dashboard.register(dashboard.Widget("people.roster", "people/_dashboard.html", "people.view_cadre", _roster_widget, order=10))
