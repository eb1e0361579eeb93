from django.urls import path

from zugong.stats import views, views_briefings, views_forms

app_name = "stats"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("records/", views.records, name="records"),
    path("forms/", views_forms.form_list, name="form_list"),
    path("forms/add/", views_forms.form_add, name="form_add"),
    path("forms/<int:pk>/", views_forms.form_detail, name="form_detail"),
    path("forms/<int:pk>/issue/", views_forms.form_issue, name="form_issue"),
    path("assignments/<int:pk>/", views_forms.assignment, name="assignment"),
    path("assignments/<int:pk>/review/", views_forms.assignment_review, name="assignment_review"),
    path("assignments/<int:pk>/xlsx/", views_forms.assignment_xlsx, name="assignment_xlsx"),
    path("assignments/<int:pk>/upload/", views_forms.assignment_upload, name="assignment_upload"),
    path("briefings/", views_briefings.briefing_list, name="briefing_list"),
    path("briefings/add/", views_briefings.briefing_add, name="briefing_add"),
    path("briefings/preview/", views_briefings.preview, name="briefing_preview"),
    path("briefings/<int:pk>/", views_briefings.briefing_detail, name="briefing_detail"),
    path("briefings/<int:pk>/edit/", views_briefings.briefing_edit, name="briefing_edit"),
    path("briefings/<int:pk>/issue/", views_briefings.briefing_issue, name="briefing_issue"),
    path("briefings/<int:pk>/delete/", views_briefings.briefing_delete, name="briefing_delete"),
    path("briefings/<int:pk>/docx/", views_briefings.briefing_download, {"fmt": "docx"}, name="briefing_docx"),
    path("briefings/<int:pk>/pdf/", views_briefings.briefing_download, {"fmt": "pdf"}, name="briefing_pdf"),
    path("briefings/templates/", views_briefings.template_list, name="template_list"),
    path("briefings/templates/add/", views_briefings.template_add, name="template_add"),
    path("briefings/templates/<int:pk>/", views_briefings.template_edit, name="template_edit"),
    path("snapshots/", views_briefings.snapshot_list, name="snapshot_list"),
    path("snapshots/<int:pk>/", views_briefings.snapshot_detail, name="snapshot_detail"),
]
