"""Points card URLs (namespace "points")."""

from django.urls import URLPattern, path

from zugong.points import views

app_name = "points"

urlpatterns: list[URLPattern] = [
    path("cards/mine/", views.my_card, name="my_card"),
    path("cards/<int:pk>/", views.card, name="card"),
    path("entries/", views.entry_list, name="entry_list"),
    path("entries/add/", views.entry_add, name="entry_add"),
    path("entries/<int:pk>/decide/", views.entry_decide, name="entry_decide"),
    path("entries/<int:pk>/files/<int:file_id>/", views.entry_file, name="entry_file"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("rules/", views.rules, name="rules"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
]
