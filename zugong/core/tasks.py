"""Background tasks: eager in-process without REDIS_URL, a Celery worker with it."""

from celery import shared_task

from zugong.core.jobs import import_run


@shared_task(name="zugong.import_run")
def run_import(job_id: int, commit: bool) -> None:
    import_run(job_id, commit=commit)
