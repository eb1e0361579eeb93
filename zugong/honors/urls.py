"""URLs of recommendation votes for staff and for cadres voting by login. Namespace "honors"."""

from django.urls import path

from zugong.honors import views

app_name = "honors"

urlpatterns = [
    path("", views.selection_list, name="list"),
    path("add/", views.selection_add, name="add"),
    path("<int:pk>/", views.selection_detail, name="detail"),
    path("<int:pk>/edit/", views.selection_edit, name="edit"),
    path("<int:pk>/delete/", views.selection_delete, name="delete"),
    path("<int:pk>/advance/", views.selection_advance, name="advance"),
    path("<int:pk>/codes/", views.selection_codes, name="codes"),
    path("<int:pk>/close/", views.selection_close, name="close"),
    path("<int:pk>/nominate/", views.nominate, name="nominate"),
    path("<int:pk>/comments/", views.comment_list, name="comments"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/commend/", views.commend, name="commend"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/decide/", views.nomination_decide, name="nomination_decide"),
    path("nominations/<int:pk>/withdraw/", views.nomination_withdraw, name="nomination_withdraw"),
    path("comments/<int:pk>/handle/", views.comment_handle, name="comment_handle"),
    path("commendations/", views.commendation_list, name="commendations"),
    path("my/", views.my_votes, name="my_votes"),
]
