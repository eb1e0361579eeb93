"""The embedded SQLite default survives a burst of parallel writers (DESIGN.md §3): WAL, IMMEDIATE
transactions and a busy timeout mean every request gets an answer, never a "database is locked" 500.

Runs real server processes (gunicorn) on a file database and sends parallel API writes to them."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

SETUP = r"""
from zugong.accounts.access import SYSTEM
from zugong.accounts.models import Role, RoleAssignment, User
from zugong.orgs.services import orgunit_create
from rest_framework.authtoken.models import Token
root = orgunit_create(actor=SYSTEM, parent=None, name="示范省委组织部", kind="province", division_code="990000")
unit = orgunit_create(actor=SYSTEM, parent=root, name="甲市委组织部", kind="city", division_code="990100")
user = User.objects.create_user(username="writer", password="Writer#Pass2026", full_name="writer")
RoleAssignment.objects.create(user=user, role=Role.objects.get(code="admin"), org_unit=root)
print(Token.objects.create(user=user).key, unit.pk)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="this test is about the SQLite default")
def test_parallel_writes_on_sqlite_all_get_answers(tmp_path: Path) -> None:
    from datetime import date

    from zugong.core import idcard

    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZUGONG_", "DATABASE_URL", "REDIS_URL"))}
    env.update({"ZUGONG_ENV": "development", "ZUGONG_DATA_DIR": str(tmp_path)})
    cli = [sys.executable, "-m", "zugong.cli"]
    subprocess.run([*cli, "migrate", "-v", "0"], env=env, check=True, timeout=120)
    out = subprocess.run([*cli, "shell", "-c", SETUP], env=env, check=True, timeout=60, capture_output=True, text=True)
    token, unit_id = out.stdout.strip().splitlines()[-1].split()
    port = _free_port()
    # gunicorn as in production: two processes with threads, so writers really contend for the file
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "zugong.wsgi", "-w", "2", "--threads", "8", "-b", f"127.0.0.1:{port}",
         "--timeout", "120", "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)

        def create(i: int) -> int:
            body = json.dumps({
                "name": "测试" + "甲乙丙丁戊己庚辛壬癸"[i % 10] + "子丑寅卯辰巳午未申酉"[i // 10 % 10],
                "id_number": idcard.make("990100", date(1985, 1, 1 + i % 28), 2 * i + 1),
                "political_status": "member", "education": "bachelor", "rank": "staff", "org_unit": int(unit_id),
            }).encode()
            req = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/cadres/", data=body, method="POST",
                headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
            )
            try:
                with urllib.request.urlopen(req, timeout=60) as resp:
                    return int(resp.status)
            except urllib.error.HTTPError as exc:
                return int(exc.code)

        with ThreadPoolExecutor(max_workers=24) as pool:
            statuses = list(pool.map(create, range(96)))
    finally:
        server.terminate()
        _, err = server.communicate(timeout=20)
    assert statuses.count(201) == 96, (statuses, err.decode()[-2000:])
    assert b"database is locked" not in err
    count = subprocess.run([*cli, "shell", "-c", "from zugong.people.models import Cadre; print(Cadre.objects.count())"],
                           env=env, check=True, capture_output=True, text=True, timeout=60)
    assert count.stdout.strip().splitlines()[-1] == "96"
