"""Shared pieces of the benchmarks: a throwaway database (SQLite in a temp dir, or a `zugong_bench`
PostgreSQL database created and dropped around the run), the demo tree and accounts, cadre data of a
given size, timers, memory probes, cProfile summaries and the JSON result each script writes.

Every benchmark script runs in one process: `setup()` configures the environment *before* Django is
imported, so nothing here imports Django at module level.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PG_DB = "zugong_bench"


def log(msg: str) -> None:
    print(f"    {msg}", file=sys.stderr, flush=True)


def parse_args(description: str) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--db", default="sqlite", help="'sqlite' (default) or a PostgreSQL server URL, e.g. postgres://postgres@127.0.0.1:5432")
    p.add_argument("--out", help="write the JSON result here (default: stdout)")
    p.add_argument("--profile", choices=["auto", "always", "never"], default="auto",
                   help="cProfile the project's path: when its target fails (auto), always, or never")
    return p.parse_args()


# --- database -------------------------------------------------------------------------------------
def _pg_urls(server: str) -> tuple[str, str]:
    """(admin URL on the 'postgres' database, URL of the benchmark database) for a server URL."""
    parts = urlsplit(server.replace("postgresql://", "postgres://", 1))
    admin = urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
    bench = urlunsplit(("postgres", parts.netloc, f"/{PG_DB}", parts.query, ""))
    return admin, bench


def _pg_admin(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)


@dataclass
class Env:
    backend: str  # sqlite | postgresql
    data_dir: Path
    pg_admin_url: str = ""
    info: dict[str, Any] = field(default_factory=dict)

    def close(self) -> None:
        from django.db import connections

        connections.close_all()
        if self.pg_admin_url:
            _pg_admin(self.pg_admin_url, f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        shutil.rmtree(self.data_dir, ignore_errors=True)


def setup(db: str) -> Env:
    """Throwaway data dir and database, settings for development, migrations, demo tree and accounts."""
    data_dir = Path(tempfile.mkdtemp(prefix="zugong-bench-"))
    os.environ["ZUGONG_ENV"] = "development"
    os.environ["ZUGONG_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "zugong.settings"
    os.environ.pop("ZUGONG_DEBUG", None)
    os.environ.pop("REDIS_URL", None)
    env = Env(backend="sqlite", data_dir=data_dir)
    if db == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    else:
        admin, bench_url = _pg_urls(db)
        _pg_admin(admin, f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        _pg_admin(admin, f'CREATE DATABASE "{PG_DB}"')
        os.environ["DATABASE_URL"] = bench_url
        env.backend, env.pg_admin_url = "postgresql", admin
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from zugong.core import demo

    t = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    demo.build_tree()
    demo.build_accounts()
    log(f"{env.backend}: migrated, demo tree and accounts in {time.perf_counter() - t:.1f}s ({data_dir})")
    if env.backend == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SHOW server_version")
            env.info["postgresql"] = cur.fetchone()[0]
    import sqlite3

    env.info["sqlite"] = sqlite3.sqlite_version
    return env


def province_user() -> Any:
    """demo-province: 业务管理员 on the root unit (whole province, every roster permission)."""
    from zugong.accounts.models import User

    return User.objects.get(username="demo-province")


# --- cadre data -------------------------------------------------------------------------------------
@dataclass
class Person:
    name: str
    id_number: str
    gender: str  # M | F, agrees with the ID number
    birth: date
    phone: str
    ethnicity: str
    political_status: str
    education: str
    degree: str
    position: str
    rank: str
    work_start: date
    status: str
    unit: Any  # OrgUnit
    office: Any  # OrgUnit | None


_EPOCH = date(1966, 1, 1)
_DAYS = 35 * 365
_ETHNIC = ["满族", "朝鲜族", "蒙古族", "回族"]
_DEGREE_OF = {"postgraduate": "master", "bachelor": "bachelor"}
# The demo's given names almost never start with s-, so ?q=zs would match ~3 of 1,000 cadres and the list
# benchmark would compare rendering 3 rows with rendering 50. 6% 张S… names fill the first page at 1,000 rows.
ZS_SHARE = 0.06
_S_GIVEN_M = "帅硕松森顺胜"
_S_GIVEN_F = "思淑诗爽素姗"
# (position, rank) per level, kept here so the benchmarks do not follow every change of the demo data.
_POSTS = {
    "province": [("处长", "division_chief"), ("副处长", "division_deputy"), ("一级调研员", "inspector"),
                 ("一级主任科员", "principal"), ("科员", "staff"), ("副部长", "bureau")],
    "city": [("科长", "section_chief"), ("副科长", "section_deputy"), ("四级调研员", "inspector"),
             ("二级主任科员", "principal"), ("科员", "staff"), ("科员", "probation")],
    "county": [("股长", "section_deputy"), ("副股长", "principal"), ("四级主任科员", "principal"), ("科员", "staff"),
               ("科员", "probation"), ("副部长", "section_chief")],
}


def _units() -> tuple[list[Any], dict[int, list[Any]]]:
    """Non-office units whose names are unique (the import looks units up by name), with their offices."""
    from zugong.orgs.models import OrgUnit

    units = list(OrgUnit.objects.exclude(kind=OrgUnit.Kind.OFFICE).order_by("path"))
    names: dict[str, int] = {}
    for u in units:
        names[u.name] = names.get(u.name, 0) + 1
    offices: dict[int, list[Any]] = {}
    for o in OrgUnit.objects.filter(kind=OrgUnit.Kind.OFFICE).order_by("path"):
        offices.setdefault(o.parent_id or 0, []).append(o)
    return [u for u in units if names[u.name] == 1], offices


def people(n: int, *, start: int = 0, seed: int = 2026) -> Iterator[Person]:
    """`n` plausible cadres spread over the demo tree, numbers start..start+n-1 (unique ID numbers:
    birth date and sequence are derived from the number, so any two numbers give two ID numbers)."""
    from django.utils import timezone

    from zugong.core import demo, idcard

    rng = random.Random(seed + start)
    units, offices = _units()
    weights = {"province": 60, "city": 30, "county": 12, "affiliated": 10, "zone": 8}
    cum: list[float] = []
    total = 0.0
    for u in units:
        total += weights[u.kind]
        cum.append(total)
    today = timezone.localdate()
    edu = ["postgraduate", "bachelor", "college", "secondary"]
    edu_w = [0.22, 0.63, 0.12, 0.03]
    statuses = ["active", "seconded", "loaned", "transferred", "retired"]
    status_w = [0.90, 0.04, 0.02, 0.02, 0.02]
    for i in range(start, start + n):
        unit = rng.choices(units, cum_weights=cum)[0]
        level = "province" if unit.kind in ("province", "affiliated") else "city" if unit.kind in ("city", "zone") else "county"
        birth = _EPOCH + timedelta(days=i % _DAYS)
        seq = i // _DAYS + 1  # 1..999: (birth, seq) is unique per i
        region = unit.division_code or (unit.parent.division_code if unit.parent_id else "") or "230000"
        number = idcard.make(region, birth, seq)
        gender = "M" if int(number[16]) % 2 else "F"
        pool = demo.GIVEN_M if gender == "M" else demo.GIVEN_F
        if rng.random() < ZS_SHARE:  # 张 + a given name read with s-: matched by the pinyin search ?q=zs
            first = rng.choice(_S_GIVEN_M if gender == "M" else _S_GIVEN_F)
            name = "张" + first + (rng.choice(pool) if rng.random() < 0.7 else "")
        else:
            name = rng.choice(demo.SURNAMES) + rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.7 else "")
        e = rng.choices(edu, edu_w)[0]
        position, rank = rng.choice(_POSTS[level])
        ws = birth.replace(day=min(birth.day, 28)) + timedelta(days=365 * rng.randint(22, 30))
        yield Person(
            name=name, id_number=number, gender=gender, birth=birth,
            phone=f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
            ethnicity="汉族" if rng.random() < 0.93 else rng.choice(_ETHNIC),
            political_status="member" if rng.random() < 0.96 else "probationary",
            education=e, degree=_DEGREE_OF.get(e, "none"), position=position, rank=rank, work_start=min(ws, today),
            status=rng.choices(statuses, status_w)[0], unit=unit,
            office=rng.choice(offices[unit.pk]) if offices.get(unit.pk) else None,
        )


def add_cadres(n: int, *, start: int = 0) -> None:
    """Insert `n` cadres directly (bulk_create, as the demo data does): the data the export and list read."""
    from django.db import transaction
    from django.utils import timezone

    from zugong.core import crypto
    from zugong.core.pinyin import name_pinyin
    from zugong.people.models import Cadre

    now = timezone.now()
    rows = []
    for p in people(n, start=start):
        py, initials = name_pinyin(p.name)
        rows.append(Cadre(
            name=p.name, name_pinyin=py, name_initials=initials, gender=p.gender, ethnicity=p.ethnicity,
            id_number_enc=crypto.encrypt(p.id_number), id_number_hash=crypto.blind_index(p.id_number),
            id_number_masked=crypto.mask(p.id_number, 4, 4), birth_date=p.birth,
            phone_enc=crypto.encrypt(p.phone), phone_masked=crypto.mask(p.phone, 3, 4),
            political_status=p.political_status, education=p.education, degree=p.degree, position=p.position,
            rank=p.rank, org_unit=p.unit, office=p.office, work_start_date=p.work_start, status=p.status,
            created_at=now, updated_at=now,
        ))
    with transaction.atomic():
        Cadre.objects.bulk_create(rows, batch_size=2000)
    analyze()


def analyze() -> None:
    """Fresh planner statistics, as a maintained database would have them."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")


# --- measuring ------------------------------------------------------------------------------------------
def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def ms(xs: list[float]) -> list[float]:
    return [round(x * 1000, 2) for x in xs]


def rss_kib() -> tuple[int, int]:
    """(current RSS, peak RSS since the last reset) in KiB, from /proc/self/status."""
    text = Path("/proc/self/status").read_text()
    rss = int(re.search(r"VmRSS:\s+(\d+)", text).group(1))  # type: ignore[union-attr]
    hwm = int(re.search(r"VmHWM:\s+(\d+)", text).group(1))  # type: ignore[union-attr]
    return rss, hwm


def reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark (Linux >= 4.0); False when not allowed (then ru_maxrss is used)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def trim_heap() -> None:
    """Collect garbage and hand freed heap back to the OS (glibc malloc_trim), so RSS shows live memory."""
    import ctypes
    import gc

    gc.collect()
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


@contextmanager
def peak_rss_growth() -> Iterator[dict[str, Any]]:
    """Peak RSS during the block minus RSS before it, in MiB (heap trimmed first)."""
    trim_heap()
    out: dict[str, Any] = {}
    resettable = reset_peak_rss()
    before, _ = rss_kib()
    before_max = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    yield out
    _, hwm = rss_kib()
    if resettable:
        out["peak_growth_mib"] = round((hwm - before) / 1024, 1)
        out["method"] = "VmHWM after /proc/self/clear_refs reset, minus VmRSS before"
    else:
        out["peak_growth_mib"] = round((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before_max) / 1024, 1)
        out["method"] = "ru_maxrss growth (a lower bound)"
    out["rss_before_mib"] = round(before / 1024, 1)


def profile_summary(fn: Callable[[], Any], *, top: int = 10) -> dict[str, Any]:
    """cProfile `fn`; top functions by cumulative time, all code and the project's own (zugong/)."""
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    fn()
    prof.disable()
    wall = time.perf_counter() - t
    stats = pstats.Stats(prof, stream=io.StringIO())
    rows = []
    for (filename, line, func), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append({
            "function": re.sub(r" at 0x[0-9a-f]+", "", func), "where": _short(filename, line), "ncalls": ncalls,
            "tottime_s": round(tottime, 3), "cumtime_s": round(cumtime, 3),
            "project": "/zugong/" in filename and "/.venv/" not in filename,
        })
    rows.sort(key=lambda r: r["cumtime_s"], reverse=True)
    by_self = sorted(rows, key=lambda r: r["tottime_s"], reverse=True)
    return {
        "wall_s_under_profile": round(wall, 2),
        "project_by_cumtime": [r for r in rows if r["project"]][:top],
        "all_by_tottime": by_self[:top],
    }


def _short(filename: str, line: int) -> str:
    if filename.startswith("~") or filename.startswith("<"):
        return filename
    f = filename
    for marker in ("/site-packages/", str(ROOT) + "/"):
        if marker in f:
            f = f.split(marker, 1)[1]
    f = re.sub(r"^.*/lib/python3\.\d+/", "", f)
    return f"{f}:{line}"


def machine(env: Env) -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    mem_kib = 0
    with suppress(OSError, AttributeError):
        mem_kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    import django

    return {
        "cpu": cpu or "unknown",
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": env.info.get("sqlite", ""),
        "postgresql": env.info.get("postgresql", ""),
        "os": f"{platform.system()} {platform.release()}",
    }


def write_result(args: argparse.Namespace, env: Env, result: dict[str, Any]) -> None:
    result = {"backend": env.backend, "machine": machine(env), **result}
    text = json.dumps(result, ensure_ascii=False, indent=2, default=str)
    if args.out:
        Path(args.out).write_text(text)
    else:
        print(text)


def want_profile(args: argparse.Namespace, passed: bool) -> bool:
    return args.profile == "always" or (args.profile == "auto" and not passed)
