from django.urls import path

from zugong.core import views_pages

app_name = "core"

urlpatterns = [
    path("", views_pages.home, name="home"),
    path("jobs/<int:pk>/", views_pages.job_detail, name="job"),
    path("jobs/<int:pk>/confirm/", views_pages.job_confirm, name="job_confirm"),
    path("jobs/<int:pk>/failed-rows/", views_pages.job_failed_rows, name="job_failed_rows"),
]
