from django.urls import path

from zugong.campaigns import views, views_supervision, views_work

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("add/", views.campaign_add, name="add"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/tasks/add/", views.task_add, name="task_add"),
    path("tasks/<int:pk>/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task_delete"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("members/<int:pk>/delete/", views.member_delete, name="member_delete"),
    # carrying it out
    path("<int:pk>/deploy/", views_work.campaign_deploy, name="deploy"),
    path("<int:pk>/status/", views_work.campaign_status, name="status"),
    path("<int:pk>/files/add/", views_work.campaign_file_add, name="file_add"),
    path("<int:pk>/files/<int:file_id>/", views_work.campaign_file, name="file"),
    path("<int:pk>/onward/", views_work.deploy_onward, name="onward"),
    path("<int:pk>/assignments/", views_work.assignment_list, name="assignments"),
    path("<int:pk>/ledger.xlsx", views_work.ledger_export, name="ledger"),
    path("<int:pk>/ledger/import/", views_work.ledger_import, name="ledger_import"),
    path("mine/", views_work.my_tasks, name="my_tasks"),
    path("defaults/", views_work.defaults, name="defaults"),
    path("assignments/<int:pk>/", views_work.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/accept/", views_work.assignment_accept, name="assignment_accept"),
    path("assignments/<int:pk>/report/", views_work.assignment_report, name="assignment_report"),
    path("assignments/<int:pk>/measures/", views_work.assignment_measure, name="assignment_measure"),
    path("assignments/<int:pk>/urge/", views_work.assignment_urge, name="assignment_urge"),
    path("reports/<int:pk>/files/<int:file_id>/", views_work.report_file, name="report_file"),
    # supervision and work reports
    path("supervision/", views_supervision.supervision_home, name="supervision"),
    path("<int:pk>/groups/add/", views_supervision.group_add, name="group_add"),
    path("groups/<int:pk>/", views_supervision.group_detail, name="group"),
    path("groups/<int:pk>/edit/", views_supervision.group_edit, name="group_edit"),
    path("groups/<int:pk>/plan/", views_supervision.inspection_plan, name="inspection_plan"),
    path("inspections/<int:pk>/", views_supervision.inspection_detail, name="inspection"),
    path("findings/", views_supervision.findings, name="findings"),
    path("findings/<int:pk>/", views_supervision.finding_detail, name="finding"),
    path("workreports/", views_supervision.workreports, name="workreports"),
    path("workreports/add/", views_supervision.workreport_add, name="workreport_add"),
    path("workreports/<int:pk>/", views_supervision.workreport_detail, name="workreport"),
    path("workreports/<int:pk>/files/<int:file_id>/", views_supervision.workreport_file, name="workreport_file"),
]
