from django.urls import URLPattern, path

from zugong.learning import views_exams as v

urlpatterns: list[URLPattern] = [
    path("exams/", v.exam_list, name="exam_list"),
    path("exams/add/", v.exam_add, name="exam_add"),
    path("exams/<int:pk>/", v.exam_detail, name="exam_detail"),
    path("exams/<int:pk>/edit/", v.exam_edit, name="exam_edit"),
    path("exams/<int:pk>/status/", v.exam_status, name="exam_status"),
    path("exams/<int:pk>/export/", v.exam_export, name="exam_export"),
    path("exams/<int:pk>/start/", v.exam_start, name="exam_start"),
    path("my/exams/", v.my_exams, name="my_exams"),
    path("attempts/<int:pk>/", v.attempt_take, name="attempt_take"),
    path("attempts/<int:pk>/save/", v.attempt_save, name="attempt_save"),
    path("attempts/<int:pk>/submit/", v.attempt_submit, name="attempt_submit"),
    path("attempts/<int:pk>/result/", v.attempt_result, name="attempt_result"),
    path("attempts/<int:pk>/certificate/", v.attempt_certificate, name="attempt_certificate"),
    path("attempts/<int:pk>/review/", v.attempt_detail, name="attempt_detail"),
]
