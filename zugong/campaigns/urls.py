from django.urls import path

from zugong.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("add/", views.campaign_add, name="add"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/tasks/add/", views.task_add, name="task_add"),
    path("tasks/<int:pk>/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task_delete"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("members/<int:pk>/delete/", views.member_delete, name="member_delete"),
]
