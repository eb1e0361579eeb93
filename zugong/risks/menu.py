"""岗位风险防控: menu entries."""

from zugong.core.menu import MenuItem, register

register(
    "岗位风险防控",
    MenuItem("岗位", "risks:post_list", icon="briefcase", perm="risks.view_post", order=10),
    MenuItem("岗位风险点", "risks:point_list", icon="alert-triangle", perm="risks.view_riskpoint", order=20),
    MenuItem("岗位风险排查", "risks:review_list", icon="list-check", perm="risks.view_riskreview", order=30),
    MenuItem("逾期未排查", "risks:overdue", icon="clock-exclamation", perm="risks.view_post", order=40),
    MenuItem("到期应轮岗", "risks:rotation", icon="arrows-exchange", perm="risks.view_postholding", order=50),
    MenuItem("问责通报", "risks:notice_list", icon="speakerphone", perm="risks.view_accountabilitynotice", order=60),
    MenuItem("风险点目录", "risks:catalogue", icon="book", perm="risks.view_riskpoint", order=70),
    order=18,
)
