"""基层工作: menu entries."""

from zugong.core.menu import MenuItem, register

register(
    "基层工作",
    MenuItem("下基层（四进）", "fieldwork:visit_list", icon="walk", perm="fieldwork.view_fieldvisit", order=10),
    MenuItem("结对帮扶", "fieldwork:pairing_list", icon="heart-handshake", perm="fieldwork.view_pairing", order=20),
    MenuItem("解决实际问题", "fieldwork:problem_list", icon="checkup-list", perm="fieldwork.view_grassrootsproblem", order=30),
    MenuItem("领衔课题", "fieldwork:topic_list", icon="report-search", perm="fieldwork.view_researchtopic", order=40),
    MenuItem("联系点", "fieldwork:point_list", icon="map-pin", perm="fieldwork.view_contactpoint", order=50),
    order=45,
)
