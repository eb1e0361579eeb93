"""URLs of surveys for staff. Namespace "surveys"."""

from django.urls import path

from zugong.surveys import views, views_inspections, views_results

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("add/", views.survey_add, name="add"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/quotas/", views.survey_quotas, name="quotas"),
    path("<int:pk>/publish/", views.survey_publish, name="publish"),
    path("<int:pk>/delete/", views.survey_delete, name="delete"),
    path("<int:pk>/codes/", views.survey_codes, name="codes"),
    path("<int:pk>/close/", views.survey_close, name="close"),
    path("<int:pk>/results/", views_results.results, name="results"),
    path("<int:pk>/results/xlsx/", views_results.results_xlsx, name="results_xlsx"),
    path("<int:pk>/results/report/", views_results.report, name="report"),
    path("<int:pk>/results/comments/", views_results.comments, name="comments"),
    path("<int:pk>/appraisal/", views_results.person_results, name="person_results"),
    path("<int:pk>/results/<int:target_id>/", views_results.target_results, name="target_results"),
    path("inspections/", views_inspections.inspection_list, name="inspection_list"),
    path("inspections/<int:pk>/", views_inspections.inspection_detail, name="inspection_detail"),
]
