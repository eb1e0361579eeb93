from zugong.core.menu import MenuItem, register

register("统计分析", MenuItem("统计看板", "stats:dashboard", icon="chart-bar", perm="orgs.view_orgunit", order=10), order=15)
