from zugong.core.menu import MenuItem, register

register(
    "活动部署",
    MenuItem("活动", "campaigns:list", icon="flag", perm="campaigns.view_campaign", order=10),
    MenuItem("我的任务", "campaigns:my_tasks", icon="checklist", perm="campaigns.view_assignment", order=20),
    MenuItem("督导", "campaigns:supervision", icon="eye-check", perm="campaigns.view_inspection", order=30),
    MenuItem("督导问题整改", "campaigns:findings", icon="alert-triangle", perm="campaigns.view_finding", order=40),
    MenuItem("述职和实绩写实", "campaigns:workreports", icon="file-text", perm="campaigns.view_workreport", order=50),
    MenuItem("任务默认责任人", "campaigns:defaults", icon="user-check", perm="campaigns.change_taskdefaults", order=60),
    order=12,
)
