"""Run every benchmark (each in its own process) and write docs/benchmarks.md.

    ./dev bench                                   # SQLite in a temp dir
    ./dev bench --postgres postgres://postgres@127.0.0.1:5432
                                                  # SQLite, then PostgreSQL (database zugong_bench, dropped after)
    .venv/bin/python bench/run.py --only import,list --profile never --out /tmp/bench.md

The scripts: bench_import.py (40,000-row xlsx import), bench_export.py (40,000-row xlsx export),
bench_list.py (roster list page, 40,000 vs 1,000 rows). Each writes a JSON result; this driver prints
the ratios and renders the Markdown report.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
NAMES = ["import", "export", "list"]


def main() -> int:
    p = argparse.ArgumentParser(description="Run the Zugong benchmarks and write docs/benchmarks.md")
    p.add_argument("--postgres", metavar="URL", help="also run on this PostgreSQL server (creates and drops zugong_bench)")
    p.add_argument("--no-sqlite", action="store_true", help="skip the SQLite run (with --postgres)")
    p.add_argument("--only", default=",".join(NAMES), help=f"comma-separated subset of {','.join(NAMES)}")
    p.add_argument("--profile", choices=["auto", "always", "never"], default="auto",
                   help="cProfile the project's path when a target fails (auto, default), always or never")
    p.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    args = p.parse_args()
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = set(names) - set(NAMES)
    if unknown:
        p.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    backends = ([] if args.no_sqlite else [("sqlite", "sqlite")]) + ([("postgresql", args.postgres)] if args.postgres else [])
    if not backends:
        p.error("nothing to run")

    started = datetime.now().astimezone()
    load_before = os.getloadavg()
    code_version = code_state()
    t0 = time.perf_counter()
    results: list[dict[str, Any]] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="zugong-bench-results-") as tmp:
        for backend, db in backends:
            for name in names:
                out = Path(tmp) / f"{backend}-{name}.json"
                print(f"==> {name} on {backend}", flush=True)
                t = time.perf_counter()
                cmd = [sys.executable, str(BENCH / f"bench_{name}.py"), "--db", db, "--out", str(out), "--profile", args.profile]
                rc = subprocess.run(cmd, cwd=ROOT, check=False).returncode  # noqa: S603 — our own scripts
                if rc != 0 or not out.exists():
                    failures.append(f"{name} on {backend} exited with {rc}")
                    print(f"xx {name} on {backend} failed (exit {rc})", flush=True)
                    continue
                result = json.loads(out.read_text())
                result["seconds"] = round(time.perf_counter() - t, 1)
                results.append(result)
                for target in result["targets"]:
                    print(f"    {'PASS' if target['pass'] else 'FAIL'}  {target['name']}: ratio {target['ratio']} "
                          f"(target {target['target']})", flush=True)
    total = time.perf_counter() - t0
    run = {"started": started, "total": total, "argv": sys.argv[1:], "failures": failures,
           "load": (load_before, os.getloadavg()), "code": code_version, "code_after": code_state()}

    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(render(results, run))
    print(f"\nRatios ({total:.0f}s in all), report in {args.out}:")
    for r in results:
        for target in r["targets"]:
            print(f"  {r['backend']:<10} {r['benchmark']:<7} {target['ratio']:>6}x  {'PASS' if target['pass'] else 'FAIL'}  "
                  f"{target['name']} (target {target['target']})")
    for backend in dict.fromkeys(r["backend"] for r in results):
        print(f"  {backend}: {sum(r['seconds'] for r in results if r['backend'] == backend):.0f}s")
    for f in failures:
        print(f"  ERROR {f}")
    return 1 if failures else 0


def _git(*args: str) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=10)  # noqa: S603, S607
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip()


def code_state() -> dict[str, str]:
    """The commit measured, and whether files under zugong/ differ from it (the numbers belong to that code)."""
    head = _git("rev-parse", "--short", "HEAD")
    if not head:
        return {"head": "", "text": "unknown (not a git checkout)"}
    changed = [line for line in _git("status", "--porcelain", "--", "zugong").splitlines() if line.strip()]
    if not changed:
        return {"head": head, "text": f"commit `{head}`, clean"}
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(_git("diff", "HEAD", "--", "zugong").encode())
    for line in changed:
        if line.startswith("??"):
            path = ROOT / line[3:].strip()
            for f in sorted(path.rglob("*")) if path.is_dir() else [path]:
                if f.is_file():
                    digest.update(f.read_bytes())
    return {"head": head, "text": f"commit `{head}` with {len(changed)} uncommitted change(s) under `zugong/` "
                                  f"(working-tree digest `{digest.hexdigest()[:10]}`)"}


def code_line(before: dict[str, str], after: dict[str, str]) -> str:
    if before["text"] == after["text"]:
        return before["text"]
    line = f"{before['text']} at the start, {after['text']} at the end: the code changed during the run"
    if before["head"] and after["head"] and before["head"] != after["head"]:
        files = _git("diff", "--name-only", before["head"], after["head"], "--", "zugong").splitlines()
        shown = ", ".join(f"`{f}`" for f in files[:8]) + (f" and {len(files) - 8} more" if len(files) > 8 else "")
        line += f" (files under `zugong/` changed between the commits: {shown or 'none'})"
    return line


# --- Markdown ---------------------------------------------------------------------------------------
def _row(*cells: Any) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    return [_row(*header), _row(*["---"] * len(header)), *(_row(*r) for r in rows)]


def _secs(xs: list[float]) -> str:
    return ", ".join(f"{x:.3f}" for x in xs)


def _verdict(ok: bool) -> str:
    return "**PASS**" if ok else "**FAIL**"


def _value(t: dict[str, Any], kind: str) -> str:
    for unit in ("s", "ms", "mib"):
        if f"{kind}_{unit}" in t:
            return f"{t[f'{kind}_{unit}']} {'MiB' if unit == 'mib' else unit}"
    return ""


def render(results: list[dict[str, Any]], run: dict[str, Any]) -> str:
    started, argv = run["started"], run["argv"]
    (b1, b5, _), (a1, a5, _) = run["load"]
    per_backend = ", ".join(
        f"{b}: {sum(r['seconds'] for r in results if r['backend'] == b):.0f} s"
        for b in dict.fromkeys(r["backend"] for r in results)
    )
    lines = [
        "# Benchmarks",
        "",
        "Written by `./dev bench` (`bench/run.py`); do not edit by hand, run it again.",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M %Z}",
        f"- Command: `.venv/bin/python bench/run.py{' ' + ' '.join(argv) if argv else ''}` "
        f"({run['total']:.0f} s in all; {per_backend})",
        f"- Code: {code_line(run['code'], run['code_after'])}",
        f"- Load average (1 / 5 min) before: {b1:.2f} / {b5:.2f}, after: {a1:.2f} / {a5:.2f}. On a small shared machine "
        "the same run varies by 10-30% from one run to the next: read the ratios, not the third digit.",
        "- Each benchmark runs in one process on a throwaway database: `ZUGONG_ENV=development` with "
        "`ZUGONG_DATA_DIR` in a temp dir (SQLite), or a `zugong_bench` PostgreSQL database created and dropped "
        "around the run; migrations, the demo org tree (`zugong.core.demo.build_tree`) and the demo accounts "
        "(`build_accounts`); the actor is `demo-province` (业务管理员 on the root unit, whole province). Cadres are "
        "generated per benchmark (`bench/common.py`: demo-style names, valid unique ID numbers, units of the demo tree).",
        "",
    ]
    lines += _machine(results)
    lines += ["", "## Summary", ""]
    rows = []
    for r in results:
        for t in r["targets"]:
            rows.append([r["backend"], t["name"], _value(t, "value"), _value(t, "floor"), f"{t['ratio']}x", t["target"],
                         _verdict(t["pass"])])
    lines += _table(["database", "measurement", "project", "floor / baseline", "ratio", "target", "result"], rows)
    for f in run["failures"]:
        lines += ["", f"**Error:** {f} (no result)."]
    for name, render_one in (("import", _import), ("export", _export), ("list", _list)):
        group = [r for r in results if r["benchmark"] == name]
        if group:
            lines += ["", *render_one(group)]
    lines += ["", "## Running", "", "```sh", "./dev bench                                                   # SQLite",
              "./dev bench --postgres postgres://postgres@127.0.0.1:5432     # SQLite and PostgreSQL",
              "./dev bench --only list --profile always                      # one benchmark, always profiled",
              "```", "", "Scripts: `bench/bench_import.py`, `bench/bench_export.py`, `bench/bench_list.py` (shared setup in "
              "`bench/common.py`); each takes `--db sqlite|URL --out FILE.json --profile auto|always|never` and runs alone.", ""]
    return "\n".join(lines)


def _machine(results: list[dict[str, Any]]) -> list[str]:
    if not results:
        return []
    m = results[0]["machine"]
    pg = next((r["machine"]["postgresql"] for r in results if r["machine"].get("postgresql")), "")
    rows = [
        ["CPU", m["cpu"]],
        ["Cores", f"{m['cores']} ({m['usable_cores']} usable by this process)"],
        ["RAM", f"{m['ram_gib']} GiB"],
        ["OS", m["os"]],
        ["Python", m["python"]],
        ["Django", m["django"]],
        ["SQLite", m["sqlite"]],
        ["PostgreSQL server", pg or "not used"],
    ]
    return ["## Machine", "", *_table(["", ""], rows)]


def _profile(prof: dict[str, Any], what: str) -> list[str]:
    lines = [f"cProfile of {what} ({prof['wall_s_under_profile']} s under the profiler). The project's functions by "
             "cumulative time:", ""]
    lines += _table(["function", "where", "calls", "cumulative s"],
                    [[f"`{r['function']}`", f"`{r['where']}`", r["ncalls"], r["cumtime_s"]] for r in prof["project_by_cumtime"]])
    lines += ["", "All functions by own time:", ""]
    lines += _table(["function", "where", "calls", "own s", "cumulative s"],
                    [[f"`{r['function']}`", f"`{r['where']}`", r["ncalls"], r["tottime_s"], r["cumtime_s"]]
                     for r in prof["all_by_tottime"]])
    return lines


def _import(group: list[dict[str, Any]]) -> list[str]:
    lines = [f"## 1. {group[0]['title']}", "",
             "**Project path:** the file is built in the CadreImport template's layout (14 columns, valid unique ID numbers "
             "from `zugong.core.idcard.make`, units and offices of the demo tree); then `CadreImport(actor).validate(path)` "
             "and, as `zugong.core.jobs.import_run(commit=True)` does, `resource.commit(...)` plus the `import.committed` "
             "audit row inside `transaction.atomic()`.",
             "",
             "**Floor:** the same file read with python-calamine (`to_python`) plus one `executemany` INSERT of the raw cell "
             "values into a plain 14-column table, in one transaction, on the same database. **Target:** import <= 3x floor.",
             ""]
    for r in group:
        raw = r["raw"]
        t = r["targets"][0]
        lines += [f"### {r['backend']} ({r['seconds']:.0f} s)", "",
                  f"{r['rows']:,} rows, {r['columns']} columns, {r['file_mb']} MB. "
                  f"Import {t['value_s']} s, floor {t['floor_s']} s: **{t['ratio']}x** (target {t['target']}) {_verdict(t['pass'])}.",
                  ""]
        lines += _table(["timing (s)", "runs"], [
            ["import: validate", _secs(raw["import_validate_s"])],
            ["import: commit (atomic)", _secs(raw["import_commit_s"])],
            ["import: total", _secs(raw["import_total_s"])],
            ["floor: calamine read", _secs(raw["floor_read_calamine_s"])],
            ["floor: one executemany", _secs(raw["floor_executemany_s"])],
            ["floor: total", _secs(raw["floor_total_s"])],
        ])
        lines += ["", *(f"- {n}" for n in r["notes"])]
        if r.get("profile"):
            lines += ["", *_profile(r["profile"], f"an import (validate + commit) of the file's first {r['profile']['rows']:,} rows")]
        lines.append("")
    return lines


def _export(group: list[dict[str, Any]]) -> list[str]:
    lines = [f"## 2. {group[0]['title']}", "",
             "**Project path:** `GET /people/cadres/?export=xlsx` through `django.test.Client` as demo-province: "
             "CadreListView -> `ScopedListView.export` -> `xlsx_response` -> `zugong.core.exports.write_xlsx` fed by "
             "`ScopedListView.export_rows` (the `CadreTable.exported()` columns over the scoped, ordered roster, read with an "
             "iterator), the streamed file copied to disk. Whatever those functions do at the measured commit is what is timed.",
             "",
             "**Floor:** raw constant-memory xlsxwriter writing the same rows and columns as pre-built Python strings. "
             "A raw SQL fetch of the same rows is reported apart. **Target:** export <= 1.5x floor; memory roughly constant "
             "from 10,000 to 40,000 rows.",
             ""]
    for r in group:
        t = r["targets"][0]
        sizes = sorted(r["raw"], key=int)
        lines += [f"### {r['backend']} ({r['seconds']:.0f} s)", "",
                  f"Export {t['value_s']} s, floor {t['floor_s']} s: **{t['ratio']}x** (target {t['target']}) {_verdict(t['pass'])}. "
                  f"Against floor + raw SQL fetch: {r['extra']['ratio_vs_floor_plus_raw_fetch']}x. Producing the rows "
                  f"(ORM + cell values, no writing) takes {int(r['extra']['row_generation_share'] * 100)}% of the export. "
                  f"Memory: peak RSS growth {r['targets'][1]['floor_mib']} MiB at {int(sizes[0]):,} rows, "
                  f"{r['targets'][1]['value_mib']} MiB at {int(sizes[-1]):,} rows {_verdict(r['targets'][1]['pass'])}.",
                  ""]
        header = ["timing (s)", *(f"{int(n):,} rows" for n in sizes)]
        keys = [("export_s", "export (whole request)"), ("export_rows_only_s", "export_rows only (no writing)"),
                ("floor_xlsxwriter_s", "floor: raw xlsxwriter"),
                ("raw_sql_fetch_15_columns_s", "raw SQL fetch of the same rows (15 columns, same joins and order)")]
        rows = [[label, *(_secs(r["raw"][n][k]) for n in sizes)] for k, label in keys]
        rows.append(["file size (MB)", *(r["raw"][n]["file_mb"] for n in sizes)])
        rows.append(["peak RSS growth during one export (MiB)", *(r["raw"][n]["peak_rss_growth_mib"] for n in sizes)])
        rows.append(["RSS before (MiB)", *(r["raw"][n]["rss_before_mib"] for n in sizes)])
        lines += _table(header, rows)
        lines += ["", *(f"- {n}" for n in r["notes"]), f"- Memory method: {r['raw'][sizes[-1]]['rss_method']}."]
        if r.get("profile"):
            lines += ["", *_profile(r["profile"], f"one {r['profile']['rows']:,}-row export request (profiled at that size when it "
                                   "already misses the target)")]
        lines.append("")
    return lines


def _list(group: list[dict[str, Any]]) -> list[str]:
    lines = [f"## 3. {group[0]['title']}", "",
             "**Project path:** `GET /people/cadres/` through `django.test.Client`, logged in (`force_login`) as "
             "demo-province; queries counted with `CaptureQueriesContext`, 20 timed requests each (median). "
             "**Target:** the same query count at both sizes and a time ratio 40k / 1k close to 1 (read as <= 1.5).",
             ""]
    for r in group:
        sizes = sorted(r["raw"], key=int)
        lines += [f"### {r['backend']} ({r['seconds']:.0f} s)", ""]
        rows = []
        for t in r["targets"]:
            grew = t["value_ms"] - t["floor_ms"]
            count_grew = t["count_query_ms"][1] - t["count_query_ms"][0]
            page_grew = t["page_query_ms"][1] - t["page_query_ms"][0]
            rows.append([t["name"].split(":")[0], f"{t['queries'][0]} / {t['queries'][1]}", f"{t['floor_ms']} / {t['value_ms']}",
                         f"{t['ratio']}x", f"{t.get('ratio_of_fastest', '')}x", f"{t['count_query_ms'][0]} / {t['count_query_ms'][1]}",
                         f"{t['page_query_ms'][0]} / {t['page_query_ms'][1]}",
                         f"{grew:+.1f} ms: COUNT {count_grew:+.1f}, page SELECT {page_grew:+.1f}",
                         f"{t['rows_matched'][0]:,} / {t['rows_matched'][1]:,}", _verdict(t["pass"])])
        lines += _table(["page", "queries 1k / 40k", "median ms 1k / 40k", "ratio", "ratio of fastest", "COUNT(*) ms 1k / 40k",
                         "page SELECT ms 1k / 40k", "growth (request: of which SQL)", "rows matched", "result"], rows)
        lines += ["", *(f"- {n}" for n in r["notes"]), "", "Raw request times (ms):", ""]
        raw_rows = []
        for key in r["raw"][sizes[0]]:
            for n in sizes:
                raw_rows.append([key, f"{int(n):,}", ", ".join(f"{x:.1f}" for x in r["raw"][n][key]["request_ms"])])
        lines += _table(["page", "rows", "requests (ms)"], raw_rows)
        for key, plan in (r.get("explain") or {}).items():
            lines += ["", f"Query plans at {int(sizes[-1]):,} rows, `{key}`:", "", "```",
                      "-- COUNT(*) for the paginator", r["raw"][sizes[-1]][key]["count_sql"], *plan["count"], "",
                      "-- the page", r["raw"][sizes[-1]][key]["page_sql"], *plan["page"], "```"]
        for key, prof in (r.get("profile") or {}).items():
            lines += ["", *_profile(prof, f"20 requests of `{key}` at {int(sizes[-1]):,} rows")]
        lines.append("")
    return lines


if __name__ == "__main__":
    sys.exit(main())
