from zugong.core.menu import MenuItem, register

register(
    "开门评部",
    MenuItem("征求意见活动", "opinions:drive_list", icon="speakerphone", perm="opinions.view_drive", order=10),
    MenuItem("意见建议", "opinions:opinion_list", icon="message-2", perm="opinions.view_opinion", order=20),
    MenuItem("公开信箱来信", "opinions:case_list", icon="mailbox", perm="opinions.view_mailboxcase", order=30),
    order=16,
)
