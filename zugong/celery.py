"""Celery app: eager in-process by default, a Redis broker when REDIS_URL is set (DESIGN.md §3)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zugong.settings")

app = Celery("zugong")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
