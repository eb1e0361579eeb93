"""URLs of study sessions, study hours, training classes (点训, completion) and coverage (轮训)."""

from django.urls import URLPattern, path

from zugong.learning import views_kinds
from zugong.learning import views_study as v

urlpatterns: list[URLPattern] = [
    path("study/", v.study_list, name="study_list"),
    path("study/add/", v.study_add, name="study_add"),
    path("study/kinds/", views_kinds.kind_list, name="kind_list"),
    path("study/kinds/add/", views_kinds.kind_edit, name="kind_add"),
    path("study/kinds/<int:pk>/edit/", views_kinds.kind_edit, name="kind_edit"),
    path("study/<int:pk>/", v.study_detail, name="study_detail"),
    path("study/<int:pk>/edit/", v.study_edit, name="study_edit"),
    path("study/<int:pk>/files/<int:file_id>/", v.study_file, name="study_file"),
    path("hours/", v.hours, name="hours"),
    path("hours/requirement/", v.hours_requirement, name="hours_requirement"),
    path("classes/", v.class_list, name="class_list"),
    path("classes/add/", v.class_add, name="class_add"),
    path("classes/<int:pk>/", v.class_detail, name="class_detail"),
    path("classes/<int:pk>/edit/", v.class_edit, name="class_edit"),
    path("classes/<int:pk>/courses/add/", v.class_course_add, name="class_course_add"),
    path("classes/<int:pk>/enrol/", v.class_enrol, name="class_enrol"),
    path("classes/<int:pk>/complete/", v.class_complete, name="class_complete"),
    path("classes/<int:pk>/self-enrol/", v.class_self_enrol, name="class_self_enrol"),
    path("mytraining/", v.mytraining, name="mytraining"),
    path("coverage/", v.coverage, name="coverage"),
    path("coverage/rule/", v.coverage_rule, name="coverage_rule"),
]
