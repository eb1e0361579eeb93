from django.urls import path

from zugong.stats import views, views_forms

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
]
