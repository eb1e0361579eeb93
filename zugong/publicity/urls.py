from django.urls import path

from . import views

app_name = "publicity"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="report_list"),
    path("add/", views.ReportCreateView.as_view(), name="report_add"),
    path("import/", views.ReportImportView.as_view(), name="report_import"),
    path("import/template/", views.report_import_template, name="report_import_template"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/edit/", views.ReportUpdateView.as_view(), name="report_edit"),
    path("<int:pk>/delete/", views.ReportDeleteView.as_view(), name="report_delete"),
]
