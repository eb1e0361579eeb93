"""Zugong (组工): the self-construction platform of Party organization departments."""

from .celery import app as celery_app

__all__ = ["celery_app"]
