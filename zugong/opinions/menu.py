from zugong.core.menu import MenuItem, register

register(
    "开门评部",
    MenuItem("征求意见活动", "opinions:drive_list", icon="speakerphone", perm="opinions.view_drive", order=10),
    MenuItem("意见建议", "opinions:opinion_list", icon="message-2", perm="opinions.view_opinion", order=20),
    MenuItem("查摆问题", "opinions:problem_list", icon="list-search", perm="opinions.view_problem", order=25),
    MenuItem("整改台帐", "opinions:ledger", icon="clipboard-check", perm="opinions.view_measure", order=27),
    MenuItem("公开信箱来信", "opinions:case_list", icon="mailbox", perm="opinions.view_mailboxcase", order=30),
    order=16,
)
