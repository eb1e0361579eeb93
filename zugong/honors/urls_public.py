"""The public pages of selections (no account): /honor/. Namespace "honor"."""

from django.urls import path

from zugong.honors import views_public as v

app_name = "honor"

urlpatterns = [
    path("", v.index, name="index"),
    path("<int:pk>/", v.selection, name="selection"),
    path("<int:pk>/comment/", v.comment, name="comment"),
    path("vote/", v.enter, name="enter"),
    path("vote/submit/", v.submit, name="submit"),
]
