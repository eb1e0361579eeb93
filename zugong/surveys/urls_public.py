"""The answer page (no account): /survey/. Namespace "survey"."""

from django.urls import path

from zugong.surveys import views_public as v

app_name = "survey"

urlpatterns = [
    path("", v.enter, name="enter"),
    path("submit/", v.submit, name="submit"),
]
