"""URLs of essay contests (征文): the organizer's and units' pages, the judges' blind pages, 我的征文."""

from django.urls import URLPattern, path

from zugong.learning import views_contests as v

urlpatterns: list[URLPattern] = [
    path("contests/", v.contest_list, name="contest_list"),
    path("contests/add/", v.contest_add, name="contest_add"),
    path("contests/<int:pk>/", v.contest_detail, name="contest_detail"),
    path("contests/<int:pk>/edit/", v.contest_edit, name="contest_edit"),
    path("contests/<int:pk>/status/", v.contest_status, name="contest_status"),
    path("contests/<int:pk>/award/", v.contest_award, name="contest_award"),
    path("contests/<int:pk>/publish/", v.contest_publish, name="contest_publish"),
    path("contests/<int:pk>/results/", v.contest_results, name="contest_results"),
    path("contests/<int:pk>/entries/", v.entry_list, name="entry_list"),
    path("contests/<int:pk>/entries/add/", v.entry_add, name="entry_add"),
    path("contests/<int:pk>/entries/<int:entry_id>/", v.entry_detail, name="entry_detail"),
    path("contests/<int:pk>/entries/<int:entry_id>/file/", v.entry_file, name="entry_file"),
    path("contests/<int:pk>/entries/<int:entry_id>/award/", v.entry_award, name="entry_award"),
    path("judging/", v.judge_list, name="judge_list"),
    path("judging/<int:pk>/", v.judge_contest, name="judge_contest"),
    path("judging/<int:pk>/<int:entry_id>/", v.judge_entry, name="judge_entry"),
    path("judging/<int:pk>/<int:entry_id>/file/", v.judge_file, name="judge_file"),
    path("mycontests/", v.mycontests, name="mycontests"),
    path("mycontests/<int:pk>/submit/", v.mycontest_submit, name="mycontest_submit"),
]
