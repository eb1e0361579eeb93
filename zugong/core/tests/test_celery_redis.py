"""With REDIS_URL set, import jobs go through Redis to a real `celery worker` process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

SETUP = r"""
from io import BytesIO
from openpyxl import Workbook
from django.core.files.uploadedfile import SimpleUploadedFile
from zugong.accounts.access import SYSTEM
from zugong.accounts.models import Role, RoleAssignment, User
from zugong.core.jobs import import_upload
from zugong.core.tasks import run_import
from zugong.orgs.services import orgunit_create
root = orgunit_create(actor=SYSTEM, parent=None, name="示范省委组织部", kind="province", division_code="990000")
user = User.objects.create_user(username="importer", password="Importer#Pass2026", full_name="importer")
RoleAssignment.objects.create(user=user, role=Role.objects.get(code="admin"), org_unit=root)
wb = Workbook(); ws = wb.active
ws.append(["姓名", "身份证号", "政治面貌", "学历", "所在单位", "职级"])
ws.append(["张三", "990000198805200011", "中共党员", "大学本科", "示范省委组织部", "科员"])
ws.append(["李四", "990000198805200038", "中共党员", "大学本科", "示范省委组织部", "科员"])
buf = BytesIO(); wb.save(buf)
job = import_upload(actor=user, resource_key="people.cadre", upload=SimpleUploadedFile("r.xlsx", buf.getvalue()), org_unit_id=root.pk)
run_import.delay(job.pk, False)
print(job.pk)
"""


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up() and not os.environ.get("CI"), reason="Redis is not running on 127.0.0.1:6379")
def test_import_job_runs_on_a_celery_worker_through_redis(tmp_path: Path) -> None:
    from datetime import date

    from zugong.core import idcard

    a, b = idcard.make("990000", date(1988, 5, 20), 1), idcard.make("990000", date(1988, 5, 20), 3)
    setup = SETUP.replace("990000198805200011", a).replace("990000198805200038", b)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZUGONG_", "DATABASE_URL", "REDIS_URL"))}
    env.update({"ZUGONG_ENV": "development", "ZUGONG_DATA_DIR": str(tmp_path), "REDIS_URL": "redis://127.0.0.1:6379/9"})
    cli = [sys.executable, "-m", "zugong.cli"]
    subprocess.run([*cli, "migrate", "-v", "0"], env=env, check=True, timeout=300)  # a fresh database under a loaded CI machine
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "zugong", "worker", "--pool=solo", "--concurrency=1", "-l", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        out = subprocess.run([*cli, "shell", "-c", setup], env=env, check=True, timeout=60, capture_output=True, text=True)
        job_id = out.stdout.strip().splitlines()[-1]
        status = ""
        probe = f"from zugong.core.models import Job; print(Job.objects.get(pk={job_id}).status)"
        for _ in range(60):
            status = subprocess.run([*cli, "shell", "-c", probe], env=env, check=True, capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[-1]
            if status not in ("pending", "running"):
                break
            time.sleep(0.5)
        assert status == "validated"
        confirm = (f"from zugong.core.tasks import run_import; from zugong.core.models import Job; "
                   f"Job.objects.filter(pk={job_id}).update(status='pending'); run_import.delay({job_id}, True)")
        subprocess.run([*cli, "shell", "-c", confirm], env=env, check=True, timeout=60)
        count_probe = f"from zugong.core.models import Job; from zugong.people.models import Cadre; print(Job.objects.get(pk={job_id}).status, Cadre.objects.count())"
        result = ""
        for _ in range(60):
            result = subprocess.run([*cli, "shell", "-c", count_probe], env=env, check=True, capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[-1]
            if result.startswith(("done", "failed")):
                break
            time.sleep(0.5)
        assert result == "done 2"
    finally:
        worker.terminate()
        worker.communicate(timeout=30)
