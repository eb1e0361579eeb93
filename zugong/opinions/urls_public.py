"""The public mailbox (no account): /mailbox/. Namespace "mailbox"."""

from django.urls import path

from zugong.opinions import views_public as v

app_name = "mailbox"

urlpatterns = [
    path("", v.submit, name="submit"),
    path("status/", v.status, name="status"),
    path("rate/", v.rate, name="rate"),
    path("captcha/<str:key>/", v.captcha_image, name="captcha"),
]
