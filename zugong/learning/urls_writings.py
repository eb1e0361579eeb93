"""URLs of writings: the cadre's own (my/writings/…) and the staff's list, review and overview (writings/…)."""

from django.urls import URLPattern, path

from zugong.learning import views_writings as v

urlpatterns: list[URLPattern] = [
    path("my/writings/", v.mywritings, name="mywritings"),
    path("my/writings/add/", v.mywriting_add, name="mywriting_add"),
    path("my/writings/<int:pk>/", v.mywriting_detail, name="mywriting_detail"),
    path("my/writings/<int:pk>/edit/", v.mywriting_edit, name="mywriting_edit"),
    path("my/writings/<int:pk>/file/", v.mywriting_file, name="mywriting_file"),
    path("writings/", v.writing_list, name="writing_list"),
    path("writings/overview/", v.writing_overview, name="writing_overview"),
    path("writings/<int:pk>/", v.writing_detail, name="writing_detail"),
    path("writings/<int:pk>/review/", v.writing_review, name="writing_review"),
    path("writings/<int:pk>/file/", v.writing_file, name="writing_file"),
]
