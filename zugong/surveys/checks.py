"""System check (R66): on PostgreSQL, `track_commit_timestamp` must be off. With it on, the commit time of every
row stays readable (`pg_xact_commit_timestamp(xmin)`) until the row is rewritten, which would date each ballot's
spent code — and close rewrites codes and responses in one transaction only once voting is over.

Run by `manage.py check --database default`, by `migrate`, and by the deploy checks (docs/deploy.md)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, register
from django.db import connections

MSG = "PostgreSQL 的 track_commit_timestamp 已开启：测评码的使用时间可被读出，破坏测评的匿名性"
HINT = "在 postgresql.conf 中设置 track_commit_timestamp = off 并重启数据库"


def commit_timestamps_on(alias: str = "default") -> bool:
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cur:
        cur.execute("SHOW track_commit_timestamp")
        return str(cur.fetchone()[0]).lower() == "on"


@register(Tags.database)
def check_commit_timestamps(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    for alias in databases or []:
        if commit_timestamps_on(alias):
            errors.append(Error(MSG, hint=HINT, id="surveys.E001"))
    return errors
