from django.urls import path

from zugong.notices import views

app_name = "notices"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/open/", views.notice_open, name="open"),
    path("read-all/", views.notice_mark_all_read, name="mark_all_read"),
]
