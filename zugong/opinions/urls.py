"""URLs of 开门评部: drives and channel records, opinions, categories. Namespace "opinions"."""

from django.urls import path

from zugong.opinions import views, views_ledger, views_mailbox
from zugong.opinions import views_opinions as vo

app_name = "opinions"

urlpatterns = [
    path("drives/", views.drive_list, name="drive_list"),
    path("drives/add/", views.drive_add, name="drive_add"),
    path("drives/<int:pk>/", views.drive_detail, name="drive_detail"),
    path("drives/<int:pk>/edit/", views.drive_edit, name="drive_edit"),
    path("drives/<int:pk>/status/", views.drive_status, name="drive_status"),
    path("drives/<int:pk>/records/add/", views.record_add, name="record_add"),
    path("drives/<int:pk>/files/<int:file_id>/", views.drive_file, name="drive_file"),
    path("records/<int:pk>/files/<int:file_id>/", views.record_file, name="record_file"),
    path("", vo.OpinionListView.as_view(), name="opinion_list"),
    path("add/", vo.opinion_add, name="opinion_add"),
    path("import/", vo.OpinionImportView.as_view(), name="opinion_import"),
    path("import/template/", vo.opinion_import_template, name="opinion_import_template"),
    path("<int:pk>/", vo.opinion_detail, name="opinion_detail"),
    path("<int:pk>/edit/", vo.opinion_edit, name="opinion_edit"),
    path("<int:pk>/cluster/", views_ledger.opinion_cluster, name="opinion_cluster"),
    path("<int:pk>/feedback/", views_ledger.opinion_feedback, name="opinion_feedback"),
    path("problems/<int:pk>/feedback/", views_ledger.problem_feedback, name="problem_feedback"),
    path("problems/", views_ledger.problem_list, name="problem_list"),
    path("problems/add/", views_ledger.problem_add, name="problem_add"),
    path("problems/<int:pk>/", views_ledger.problem_detail, name="problem_detail"),
    path("problems/<int:pk>/edit/", views_ledger.problem_edit, name="problem_edit"),
    path("problems/<int:pk>/cluster/", views_ledger.problem_cluster, name="problem_cluster"),
    path("problems/<int:pk>/opinions/<int:opinion_id>/remove/", views_ledger.problem_uncluster, name="problem_uncluster"),
    path("problems/<int:pk>/measures/add/", views_ledger.measure_add, name="measure_add"),
    path("findings/<int:pk>/measures/add/", views_ledger.finding_measure_add, name="finding_measure_add"),
    path("measures/<int:pk>/", views_ledger.measure_detail, name="measure_detail"),
    path("measures/<int:pk>/edit/", views_ledger.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/report/", views_ledger.measure_report, name="measure_report"),
    path("measures/<int:pk>/complete/", views_ledger.measure_complete, name="measure_complete"),
    path("measures/<int:pk>/decide/", views_ledger.measure_decide, name="measure_decide"),
    path("measures/<int:pk>/reopen/", views_ledger.measure_reopen, name="measure_reopen"),
    path("measures/<int:pk>/files/<int:file_id>/", views_ledger.measure_file, name="measure_file"),
    path("ledger/", views_ledger.ledger_page, name="ledger"),
    path("ledger/import/", views_ledger.ledger_import, name="ledger_import"),
    path("mailbox/", views_mailbox.case_list, name="case_list"),
    path("mailbox/<int:pk>/", views_mailbox.case_detail, name="case_detail"),
    path("mailbox/<int:pk>/files/<int:file_id>/", views_mailbox.case_file, name="case_file"),
    path("mailbox/<int:pk>/acknowledge/", views_mailbox.case_acknowledge, name="case_acknowledge"),
    path("mailbox/<int:pk>/transfer/", views_mailbox.case_transfer, name="case_transfer"),
    path("mailbox/<int:pk>/reply/", views_mailbox.case_reply, name="case_reply"),
    path("mailbox/<int:pk>/reveal/", views_mailbox.case_reveal, name="case_reveal"),
    path("categories/", views.category_list, name="category_list"),
    path("categories/add/", views.category_edit, name="category_add"),
    path("categories/<int:pk>/edit/", views.category_edit, name="category_edit"),
]
