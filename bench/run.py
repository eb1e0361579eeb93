"""Run every benchmark (each in its own process) and write docs/benchmarks.md.

    ./dev bench                                   # SQLite in a temp dir
    ./dev bench --postgres postgres://postgres@127.0.0.1:5432
                                                  # SQLite, then PostgreSQL (database zugong_bench, dropped after)
    .venv/bin/python bench/run.py --only import,list --profile never --out /tmp/bench.md
    .venv/bin/python bench/run.py --only fanout --postgres postgres://postgres@127.0.0.1:5432
                                                  # one benchmark; the others' sections are carried over
    ./dev bench --postgres postgres://postgres@127.0.0.1:5432 --national
                                                  # also the national-scale run (PostgreSQL only, ~15-20 min)

The scripts: bench_import.py (40,000-row xlsx import), bench_export.py (40,000-row xlsx export),
bench_list.py (roster list page, 40,000 vs 1,000 rows), bench_rollup.py (statistics roll-up of every
indicator at the province root vs hand-written SQL), bench_fanout.py (deploying a 12-task campaign to every
unit of the province and onward vs one raw bulk INSERT of the same rows), bench_exams.py (exam submission and
grading of 50-question attempts vs a raw INSERT of the same answer rows), bench_opinions.py (开门评部: opinion
list, ledger export, mailbox under load), bench_surveys.py (满意度测评: ballots under load, close and results of
100,000 responses vs one raw GROUP BY), bench_regulations.py (制度库全文检索: the rules library's search over 20,000
rules vs the same statements by hand and vs a plain LIKE scan) and, with --national only,
bench_national.py (31 provinces, ~1.2 million cadres, PostgreSQL only). Each writes a JSON result; this driver
prints the ratios and renders the Markdown report.

A partial run (--only, --no-sqlite, no --postgres, no --national, or a benchmark that failed) keeps what the
previous report says about every benchmark and database it did not measure: its summary rows and its section
(per database), marked as carried over with the date and code of the report they were measured for.
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
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
NAMES = ["import", "export", "list", "rollup", "fanout", "exams", "opinions", "surveys", "regulations"]
NATIONAL = "national"  # PostgreSQL only, and only when asked for (--national, or named in --only)
NATIONAL_HEADING = "## National scale"
BACKENDS = ["sqlite", "postgresql"]
CARRIED = "> Not run this time"


def main() -> int:
    p = argparse.ArgumentParser(description="Run the Zugong benchmarks and write docs/benchmarks.md")
    p.add_argument("--postgres", metavar="URL", help="also run on this PostgreSQL server (creates and drops zugong_bench)")
    p.add_argument("--no-sqlite", action="store_true", help="skip the SQLite run (with --postgres)")
    p.add_argument("--only", default=",".join(NAMES), help=f"comma-separated subset of {','.join([*NAMES, NATIONAL])}")
    p.add_argument("--national", action="store_true",
                   help="also run the national-scale benchmark (bench_national.py; needs --postgres; ~15-20 min)")
    p.add_argument("--profile", choices=["auto", "always", "never"], default="auto",
                   help="cProfile the project's path when a target fails (auto, default), always or never")
    p.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    args = p.parse_args()
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    if args.national and NATIONAL not in names:
        names.append(NATIONAL)
    unknown = set(names) - {*NAMES, NATIONAL}
    if unknown:
        p.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    if NATIONAL in names and not args.postgres:
        p.error("the national-scale benchmark runs on PostgreSQL only: give --postgres URL")
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
                if name == NATIONAL and backend != "postgresql":
                    continue
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

    if not any(r["benchmark"] == NATIONAL for r in results):
        run["kept_national"] = kept_section(Path(args.out), NATIONAL_HEADING)
    run["previous"] = previous_report(Path(args.out))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(render(results, run))
    print(f"\nRatios ({total:.0f}s in all), report in {args.out}:")
    for r in results:
        for target in r["targets"]:
            print(f"  {r['backend']:<10} {r['benchmark']:<8} {target['ratio']:>6}x  {'PASS' if target['pass'] else 'FAIL'}  "
                  f"{target['name']} (target {target['target']})")
    for backend in dict.fromkeys(r["backend"] for r in results):
        print(f"  {backend}: {sum(r['seconds'] for r in results if r['backend'] == backend):.0f}s")
    for f in failures:
        print(f"  ERROR {f}")
    return 1 if failures else 0


def kept_section(path: Path, heading: str) -> list[str]:
    """The lines of a section of the previous report (from its heading to the next '## '), to carry over."""
    if not path.exists():
        return []
    lines = path.read_text().splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(heading)), None)
    if start is None:
        return []
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    section = lines[start:end]
    while section and not section[-1].strip():
        section.pop()
    return section


# --- carrying over what a partial run did not measure --------------------------------------------------
# Summary rows of reports written before the summary had a benchmark column: the benchmark by the start of
# the measurement's name (the names the scripts gave their targets then).
_LEGACY_SUMMARY = (("import (", "import"), ("export (", "export"), ("memory: peak RSS growth during an export", "export"),
                   ("page 1", "list"), ("page 2", "list"), ("pinyin search", "list"), ("roll-up of", "rollup"),
                   ("data generation", NATIONAL), ("national roll-up", NATIONAL), ("per-province roll-up", NATIONAL))


@dataclass
class Previous:
    """What the previous report says, for the benchmarks and databases a partial run does not measure."""

    date: str = ""
    code: str = ""
    postgresql: str = ""  # the server of its machine table
    summary: list[list[str]] = field(default_factory=list)  # [database, benchmark, measurement, project, floor, ratio, target, result]
    sections: dict[str, tuple[list[str], dict[str, list[str]]]] = field(default_factory=dict)  # name -> (head, {database: lines})


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _trim(lines: list[str]) -> list[str]:
    lines = list(lines)
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _blocks(lines: list[str], starts: Any) -> list[tuple[int, int]]:
    """(start, end) of the blocks whose first line satisfies `starts`, outside ``` fences; a block ends where
    the next one or any line starting with '## ' (outside fences) begins."""
    heads: list[int] = []
    stops: list[int] = []
    fenced = False
    for i, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and starts(line):
            heads.append(i)
        elif not fenced and line.startswith("## "):
            stops.append(i)
    out = []
    for i in heads:
        end = min([j for j in [*heads, *stops, len(lines)] if j > i])
        out.append((i, end))
    return out


def split_section(lines: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """A benchmark's section: the lines before its first '### <database> ' subsection, and the subsections."""
    subs = _blocks(lines, lambda line: any(line.startswith(f"### {b} ") for b in BACKENDS))
    head = _trim(lines[: subs[0][0]] if subs else lines)
    return head, {lines[a].split()[1]: _trim(lines[a:b]) for a, b in subs}


def previous_report(path: Path) -> Previous:
    prev = Previous()
    if not path.exists():
        return prev
    lines = path.read_text().splitlines()
    for line in lines:
        if line.startswith("- Date: ") and not prev.date:
            prev.date = line.removeprefix("- Date: ").strip()
        elif line.startswith("- Code: ") and not prev.code:
            prev.code = line.removeprefix("- Code: ").strip()
        elif line.startswith("| PostgreSQL server |") and not prev.postgresql:
            value = _cells(line)[1]
            prev.postgresql = "" if value == "not used" else value
    summary = next((i for i, line in enumerate(lines) if line == "## Summary"), None)
    if summary is not None:
        table = []
        for line in lines[summary + 1:]:
            if line.startswith("## "):
                break
            if line.startswith("|"):
                table.append(_cells(line))
        if len(table) > 2:
            header, body = table[0], table[2:]
            for row in body:
                if "benchmark" in header:
                    prev.summary.append(row)
                else:  # [database, measurement, ...]: an older report
                    name = next((n for prefix, n in _LEGACY_SUMMARY if row[1].startswith(prefix)), "")
                    if name:
                        prev.summary.append([row[0], name, *row[1:]])
    for i, name in enumerate(NAMES, start=1):
        found = _blocks(lines, lambda line, i=i: line.startswith(f"## {i}. "))
        if found:
            a, b = found[0]
            prev.sections[name] = split_section(lines[a:b])
    return prev


def _carried(sub: list[str], prev: Previous) -> list[str]:
    """A database's subsection of the previous report, marked as carried over (once: it keeps its first mark)."""
    if any(line.startswith(CARRIED) for line in sub):
        return sub
    code, changed, _files = (prev.code or "unknown").partition(": the code changed during the run")
    return [sub[0], "", f"{CARRIED}: carried over from the report of {prev.date or 'an earlier date'} (code: {code}"
            f"{'; the code changed during that run' if changed else ''}). Run this benchmark on this database again to "
            "measure it anew.", *sub[1:]]


def _carried_verdict(cell: str, prev: Previous) -> str:
    if "carried over" in cell:
        return cell
    return f"{cell} (carried over from {prev.date or 'an earlier report'})"


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
    prev: Previous = run.get("previous") or Previous()
    measured = {(r["backend"], r["benchmark"]) for r in results}
    kept_rows = [row for row in prev.summary if (row[0], row[1]) not in measured and row[1] in [*NAMES, NATIONAL]]
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
    ]
    if kept_rows:
        lines.append("- Not everything was measured by this run: what it did not measure is carried over from the previous "
                     "report, each summary row and section marked with the date of the run that measured it.")
    lines.append("")
    lines += _machine(results, prev.postgresql if any(row[0] == "postgresql" for row in kept_rows) else "")
    lines += ["", "## Summary", ""]
    rows = []
    for r in results:
        for t in r["targets"]:
            rows.append([r["backend"], r["benchmark"], t["name"], _value(t, "value"), _value(t, "floor"), f"{t['ratio']}x",
                         t["target"], _verdict(t["pass"])])
    rows += [[*row[:-1], _carried_verdict(row[-1], prev)] for row in kept_rows]
    order = [*NAMES, NATIONAL]
    rows.sort(key=lambda row: (BACKENDS.index(row[0]) if row[0] in BACKENDS else len(BACKENDS), order.index(row[1])))
    lines += _table(["database", "benchmark", "measurement", "project", "floor / baseline", "ratio", "target", "result"], rows)
    for f in run["failures"]:
        lines += ["", f"**Error:** {f} (no result)."]
    for name, render_one in (("import", _import), ("export", _export), ("list", _list), ("rollup", _rollup),
                             ("fanout", _fanout), ("exams", _exams), ("opinions", _opinions),
                             ("surveys", _surveys), ("regulations", _regulations)):
        group = [r for r in results if r["benchmark"] == name]
        head, subs = split_section(render_one(group)) if group else ([], {})
        old_head, old_subs = prev.sections.get(name, ([], {}))
        for backend, sub in old_subs.items():
            if backend not in subs and sub:
                subs[backend] = _carried(sub, prev)
        if not subs:
            continue
        lines += ["", *(head or old_head)]
        for backend in sorted(subs, key=lambda b: BACKENDS.index(b)):
            lines += ["", *subs[backend]]
        lines.append("")
    national = next((r for r in results if r["benchmark"] == NATIONAL), None)
    if national is not None:
        lines += ["", *_national(national, run)]
    elif run.get("kept_national"):
        kept = [line for line in run["kept_national"] if not line.startswith("> Not run this time")]
        body = kept[1:]
        while body and not body[0].strip():
            body.pop(0)
        lines += ["", kept[0], "", "> Not run this time: carried over from an earlier report (its date and code are below). "
                  "`./dev bench --postgres URL --national` measures it again.", "", *body]
    lines += ["", "## Running", "", "```sh", "./dev bench                                                   # SQLite",
              "./dev bench --postgres postgres://postgres@127.0.0.1:5432     # SQLite and PostgreSQL",
              "./dev bench --only list --profile always                      # one benchmark, always profiled",
              "./dev bench --only fanout --postgres postgres://postgres@127.0.0.1:5432",
              "                                                              # one benchmark on both databases, the rest kept",
              "./dev bench --postgres postgres://postgres@127.0.0.1:5432 --national",
              "                                                              # also the national scale (PostgreSQL, ~20 min)",
              ".venv/bin/python bench/bench_national.py --db postgres://postgres@127.0.0.1:5432 --out /tmp/national.json",
              "                                                              # the national scale alone (JSON)",
              "```", "", "Scripts: `bench/bench_import.py`, `bench/bench_export.py`, `bench/bench_list.py`, `bench/bench_rollup.py`, "
              "`bench/bench_fanout.py`, `bench/bench_exams.py`, `bench/bench_opinions.py`, `bench/bench_surveys.py`, "
              "`bench/bench_regulations.py` and "
              "`bench/bench_national.py` (shared setup in `bench/common.py`); each takes `--db "
              "sqlite|URL --out FILE.json --profile auto|always|never` and runs alone. `bench_national.py` needs PostgreSQL, is "
              "not part of the default run, and creates and drops the same `zugong_bench` database. A run of some benchmarks "
              "only (`--only`), or on one database only, carries the others' summary rows and sections over from the previous "
              "report, marked with the date they were measured.", ""]
    return "\n".join(lines)


def _machine(results: list[dict[str, Any]], kept_postgresql: str = "") -> list[str]:
    if not results:
        return []
    m = results[0]["machine"]
    pg = next((r["machine"]["postgresql"] for r in results if r["machine"].get("postgresql")), "")
    if not pg and kept_postgresql:
        pg = kept_postgresql.removesuffix(" (carried-over rows)") + " (carried-over rows)"
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


def _ms(x: float) -> str:
    return f"{x:,.1f}"


def _rollup(group: list[dict[str, Any]]) -> list[str]:
    lines = [f"## 4. {group[0]['title']}", "",
             "**Data:** the demo province at `--scale province` (`zugong.core.demo.build_cadres`, as `./dev demo --scale province`: "
             "cadres over the whole tree with their movements) plus six quarters of report forms (填报) from the province to "
             "every department, 85% accepted (bulk inserts), so every indicator has a figure.",
             "",
             "**Project path:** as demo-province (业务管理员 on the root unit): the grants resolved once (as once per request), "
             "`engine.children_of(root)`, then for every registered indicator `engine.value(ind, user, root, period)` and "
             "`engine.breakdown(ind, user, root, period, kids)`; ratios computed by the engine from their parts.",
             "",
             "**Floor:** the same figures as hand-written SQL through `connection.cursor()`: the children, then per indicator one "
             "COUNT / SUM with the same filters and path prefix and one `GROUP BY substr(path, 1, n)`; a ratio as two of each. "
             "Project and floor are compared value by value (the benchmark fails otherwise). **Target:** project <= 1.5x floor.",
             ""]
    for r in group:
        t = r["targets"][0]
        raw = r["raw"]
        d = r["data"]
        lines += [f"### {r['backend']} ({r['seconds']:.0f} s)", "",
                  f"{d['cadres']:,} cadres, {d['movements']:,} movements, {d['report_values']:,} report values; {r['indicators']} "
                  f"indicators at {r['org']} ({r['children']} children), period {r['period']}. Roll-up {t['value_ms']} ms "
                  f"({raw['project_queries']} queries), floor {t['floor_ms']} ms ({raw['floor_queries']} queries): "
                  f"**{t['ratio']}x** (target {t['target']}) {_verdict(t['pass'])}.", ""]
        rows = [[f"`{x['code']}`", x["label"], x["aggregate"], f"{x['value']:,}" if isinstance(x["value"], int) else x["value"],
                 _ms(x["project_ms"]), _ms(x["floor_ms"]), f"{x['ratio']}x"]
                for x in sorted(raw["per_indicator"], key=lambda x: -x["floor_ms"])]
        lines += _table(["indicator", "label", "aggregate", "value", "project ms", "floor ms", "ratio"], rows)
        lines += ["", *(f"- {n}" for n in r["notes"]), "",
                  "Raw roll-up times (ms):", "",
                  *_table(["side", "runs"], [["project", ", ".join(f"{x:.0f}" for x in raw["project_ms"])],
                                             ["floor", ", ".join(f"{x:.0f}" for x in raw["floor_ms"])]]),
                  "", f"The slowest statement of one roll-up ({r['heaviest']['time_ms']} ms) and its plan:", "", "```",
                  r["heaviest"]["sql"], *r["heaviest"]["plan"], "```"]
        if r.get("profile"):
            lines += ["", *_profile(r["profile"], "5 project roll-ups")]
        lines.append("")
    return lines


def _fanout(group: list[dict[str, Any]]) -> list[str]:
    lines = [f"## 5. {group[0]['title']}", "",
             "**Data:** the demo org tree (`zugong.core.demo.build_tree`: the province, its affiliated units, the cities, three "
             "development zones and the counties; offices never receive tasks) and accounts, each unit's default responsible "
             "people (TaskDefaults, as in the demo), and for every measured run a fresh 三讲三提升 campaign from the built-in "
             "template (`campaign_from_template(code=\"sanjiang\")`: 12 tasks), created outside the timing.",
             "",
             "**Project path:** as demo-province, `fanout.campaign_deploy` from the province to its receiving units (the cities "
             "and the affiliated units); then for every one of them, as its own request (grants resolved afresh): its "
             "assignments read with `select_related(\"task\")`, `fanout.receivers(c, unit)` and, when that is non-empty, "
             "`fanout.deploy_onward(..., workdays_earlier=5)` of all 12 to its counties and zones. Not timed: the one UPDATE "
             "in between that marks the first-level assignments accepted, and the query for the units that received them.",
             "",
             "**Floor:** the same assignment rows, every column (ids included, so the parent links hold), read back and deleted "
             "(not timed), then written again by one hand-written `executemany` INSERT into `campaigns_assignment` in one "
             "transaction on the same database; the rows read afterwards must equal the rows before. **Target:** project <= 2x "
             "floor.",
             ""]
    for r in group:
        t = r["targets"][0]
        raw = r["raw"]
        tree = r["tree"]
        lines += [f"### {r['backend']} ({r['seconds']:.0f} s)", "",
                  f"{r['rows']:,} assignments: 12 tasks to {r['first_level']} first-level units, {r['deployed_onward']} of which "
                  f"deploy onward to {tree.get('county', 0) + tree.get('zone', 0)} counties and zones; {r['made']['notices']} "
                  f"notices, {r['made']['audit_rows']} audit rows, {r['queries']} queries. Project {t['value_s']} s, floor "
                  f"{t['floor_s']} s: **{t['ratio']}x** (target {t['target']}) {_verdict(t['pass'])}.", ""]
        lines += _table(["timing (s)", "runs"], [
            ["project: `campaign_deploy`", _secs(raw["deploy_s"])],
            [f"project: deployment onward ({r['first_level']} units)", _secs(raw["onward_s"])],
            ["project: total", _secs(raw["project_s"])],
            ["floor: one executemany", _secs(raw["floor_s"])],
        ])
        lines += ["", *(f"- {n}" for n in r["notes"])]
        if r.get("profile"):
            lines += ["", *_profile(r["profile"], "3 project runs (each a fresh campaign; the untimed accept UPDATE included)")]
        lines.append("")
    return lines


def _opinions(group: list[dict[str, Any]]) -> list[str]:
    lines = [f"## 7. {group[0]['title']}", "",
             "**Data:** the demo org tree and accounts; opinions generated over every department, staff channel and category "
             "(`add_opinions`, bulk insert: 1,000, then 150,000, then back to 1,000); 150,000 measures under three problems "
             "per department (`add_measures`).",
             "",
             "**Measured:** (1) `GET /opinions/` as demo-province, page 1 and filtered by channel and category, 150,000 vs "
             "1,000 opinions (same query count, ratio <= 1.5); (2) the ledger export in the official layout "
             "(`opinions.ledger.write`, constant-memory xlsxwriter) against one raw SQL statement written by xlsxwriter with "
             "the same cells and formats (<= 1.5x), and the export's peak RSS growth; (3) the public mailbox under a "
             "bounded loopback load: concurrent clients POST letters over HTTP to a threaded WSGI server in the same process "
             "(no error, none lost or duplicated).", ""]
    for r in group:
        raw = r["raw"]
        lines += [f"### {r['backend']} ({r['seconds']:.0f} s)", ""]
        lines += _table(["measurement", "project", "floor / baseline", "ratio", "target", "result"], [
            [t["name"], _value(t, "value"), _value(t, "floor"), f"{t['ratio']}x" if t["ratio"] else "", t["target"], _verdict(t["pass"])]
            for t in r["targets"]])
        e, m = raw["export"], raw["mailbox"]
        lines += ["", f"Export runs (s): project {_secs(e['project_s'])}; floor {_secs(e['floor_s'])}; peak RSS growth (MiB) "
                  f"{', '.join(str(x) for x in e['peak_rss_growth_mib'])}; file {e['file_mb']} MB.",
                  f"Mailbox: {m['sent']} letters from {m['clients']} clients in {m['seconds']} s ({m['per_second']} letters/s); "
                  f"accepted {m['accepted']}, distinct codes {m['distinct_codes']}, rows written {m['written']}, codes found {m['found']}, "
                  f"errors {m['errors'] or 'none'}.", ""]
        lines += [f"- {n}" for n in r["notes"]]
        lines.append("")
    return lines


def _surveys(group: list[dict[str, Any]]) -> list[str]:
    lines = [f"## 8. {group[0]['title']}", "",
             "**Data:** the demo org tree and accounts; surveys from the shipped province template (4 aspects, 19 items, three "
             "respondent categories) made and published through the services (`design.survey_create`, `survey_publish`), their "
             "codes issued by `ballots.codes_issue`. (1) a survey of the province's cities at the template's quotas (30 / 20 / 10); "
             "(2) a survey of the province's cities and counties with quotas 400 / 250 / 100 per region, 100,000 of the codes "
             "answered: staged in bulk (`core.bulk.insert_rows` into ResponseStaging, sealed as `ballots.seal` does, 2% with a "
             "comment) and the codes marked used, as the surveys demo does.",
             "",
             "**Measured:** (1) ballots under a bounded loopback load: concurrent clients POST ballots (code + 19 answers) to "
             "`/api/v1/ballots/` on a threaded WSGI server in the same process, and re-send codes already accepted, which must "
             "get 409 (no error, none lost or duplicated: staged responses = accepted codes = used codes, cell by cell); "
             "(2) `closing.survey_close` of the 100,000 responses, once, whole (shuffled copy, results, inspections, audit, "
             "commit, VACUUM), for information; then `results.compute` alone against one hand-written GROUP BY of the same "
             "answers through `connection.cursor()`, every row fetched (<= 1.5x).", ""]
    for r in group:
        raw = r["raw"]
        b, d, c, res = raw["ballots"], raw["data"], raw["close"], raw["results"]
        lines += [f"### {r['backend']} ({r['seconds']:.0f} s)", ""]
        lines += _table(["measurement", "project", "floor / baseline", "ratio", "target", "result"], [
            [t["name"], _value(t, "value"), _value(t, "floor"), f"{t['ratio']}x" if t["ratio"] else "", t["target"], _verdict(t["pass"])]
            for t in r["targets"]])
        ph = c["phases_s"]
        lines += ["", f"Ballots: {b['codes_issued']} codes issued; {b['fresh']} fresh codes and {b['duplicates']} duplicates from {b['clients']} clients in {b['seconds']} s "
                  f"({b['ballots_per_second']} ballots/s, {b['requests_per_second']} requests/s); accepted {b['accepted']} (distinct "
                  f"{b['distinct_accepted']}), duplicates answered 409: {b['duplicates_409']}, staged responses {b['staged']} "
                  f"({b['staged_answers']:,} answers), used codes {b['used_codes']}, cells match: {'yes' if b['cells_match'] else 'no'}, "
                  f"errors {b['errors'] or 'none'}.",
                  f"Data: {d['codes']:,} codes issued for {d['regions']} regions in {d['issue_s']} s; {d['responses']:,} responses "
                  f"staged in {d['stage_s']} s ({d['comments']:,} comments).", ""]
        lines += _table(["close of 100,000 responses (one run)", "s"], [
            [f"copy: {c['responses']:,} responses, {c['answers']:,} answers, {c['texts']:,} texts in a random order "
             f"({c['copy_answers_per_s']:,} answers/s)", ph["copy"]],
            ["results (`results.compute`, in the close's transaction)", ph["results"]],
            ["inspections planned (`inspections.plan_bottom`)", ph["inspections"]],
            ["other: lock, version update, audit row, commit (on PostgreSQL with the deferred foreign-key checks of every "
             "copied row)", ph["other"]],
            ["VACUUM after commit", ph.get("vacuum", "")],
            [f"**total** (peak RSS growth {c['peak_rss_growth_mib']} MiB)", f"**{c['seconds']}**"],
        ])
        bd = res["breakdown"]
        lines += ["", f"Results runs (s): `results.compute` {_secs(res['project_s'])}; floor {_secs(res['floor_s'])} "
                  f"({res['result_rows']:,} Result rows; the floor {res['floor_rows']:,} rows). Where compute's median goes "
                  f"(medians of 3, no profiler): its GROUP BY {bd['statements']} s, deleting the old Result rows "
                  f"{bd['delete']} s, writing the {res['result_rows']:,} new ones (`core.bulk.insert_rows`, COPY on PostgreSQL) "
                  f"{bd['insert_rows']} s, the rest (Python: tallies, rows, suppression, ranking; the small reads of the "
                  f"survey's parts; the commit) {bd['python']} s.", ""]
        lines += [f"- {n}" for n in r["notes"]]
        if r.get("profile"):
            lines += ["", *_profile(r["profile"], "one `results.compute`")]
        lines.append("")
    return lines


def _regulations(group: list[dict[str, Any]]) -> list[str]:
    lines = [f"## 9. {group[0]['title']}", "",
             "**Data:** the demo org tree and accounts; 20,000 rules over the tree (the province most, then cities, counties, zones, "
             "affiliated units), each with one current version whose text is generated (fixed seed) from a vocabulary of "
             "organization-work terms in the frame of the demo's rules (`regulations.demo._text`: purpose, basis, scope, articles, "
             "effective date), a few hundred to a few thousand characters, each rule about a few matters of its own; titles from the "
             "demo catalogue or the vocabulary; 文号 in the demo's style (`regulations.demo._abbr`); 6% repealed. Inserted with "
             "bulk_create, the search columns filled by `search.searchable(title, 文号, text)` (what the services call); on "
             "PostgreSQL the GIN index of migration 0002 dropped before and built again after by the migration's own function, "
             "timed.",
             "",
             "**Project path:** what the search page (`/regulations/rules/search/?q=`) asks of the database, as demo-province "
             "(every rule visible): `Paginator(selectors.search_results(user, q), 20).get_page(1)` and its 20 rows fetched — "
             "`Rule.objects.visible_to`, `search.apply` (PostgreSQL: the GIN-indexed token condition and the phrase on "
             "`search_text`; SQLite: LIKE), `select_related(\"org_unit\", \"current\")`, the paginator's COUNT and the page. "
             "Highlighting and the template are not timed. Phrases of 2, 4 and 6 characters, a 文号 fragment, a two-word query, "
             "phrases without hits.",
             "",
             "**Floor:** the same COUNT and page written by hand through `connection.cursor()` (same joins, columns, order; on "
             "PostgreSQL the same `search_vector @@ to_tsquery(...)` condition and phrase check, on SQLite "
             "the same LIKE); both sides return the same count and ids. **Target:** project p50 / floor p50 <= 1.5 (geometric "
             "mean over the phrases). **Without the index** (PostgreSQL): the same statements with only `search_text LIKE "
             "'%phrase%'`; the index should beat it for every phrase.",
             ""]
    for r in group:
        d = r["data"]
        pg = r["backend"] == "postgresql"
        lines += [f"### {r['backend']} ({r['seconds']:.0f} s)", ""]
        lines += _table(["measurement", "project", "floor / baseline", "ratio", "target", "result"], [
            [t["name"], _value(t, "value"), _value(t, "floor"), f"{t['ratio']}x", t["target"], _verdict(t["pass"])]
            for t in r["targets"]])
        data = (f"{d['rules']:,} rules; `search_text` {d['search_text_chars']:,} characters on average ({d['search_text_min']:,}-"
                f"{d['search_text_max']:,}), `search_grams` {d['search_grams_chars']:,}. Made in {d['generate_s']} s (texts), "
                f"{d['searchable_s']} s (`search.searchable`, {d['searchable_s'] * 1000 / d['rules']:.1f} ms a rule), "
                f"{d['insert_s']} s (bulk_create of rules and versions)")
        if pg:
            data += (f"; GIN index `regulations_rule_vector_gin` on the stored `search_vector` built in **{d['index_build_s']} s**, **{d['index_mb']} MB** "
                     f"(`pg_relation_size`). `regulations_rule`: heap {d['heap_mb']} MB, TOAST {d['toast_mb']} MB, "
                     f"{d['table_total_mb']} MB with its indexes (stored per rule: `search_text` {d['search_text_stored_bytes']:,} "
                     f"bytes, `search_grams` {d['search_grams_stored_bytes']:,}); `regulations_ruleversion` {d['versions_total_mb']} MB.")
        else:
            data += f"; database file {d['db_file_mb']} MB."
        lines += ["", data, ""]
        header = ["phrase", "kind", "hits", "runs", "project p50 / p95 ms", "floor p50 / p95 ms", "ratio"]
        if pg:
            header += ["LIKE (no index) p50 ms", "index speed-up"]
        rows = []
        for q in r["queries"]:
            row = [f"`{q['phrase']}`", q["kind"], f"{q['hits']:,}", q["runs"], f"{q['project_p50_ms']} / {q['project_p95_ms']}",
                   f"{q['floor_p50_ms']} / {q['floor_p95_ms']}", f"{q['ratio']}x"]
            if pg:
                row += [q["like_p50_ms"], f"{q['speedup']}x"]
            rows.append(row)
        lines += _table(header, rows)
        w = r.get("what_if")
        if w:
            lines += ["", f"What-if, not in the code: the floor of `{w['phrase']}` with `SET LOCAL enable_seqscan = off`, so the "
                      f"planner must take the GIN index: p50 **{w['p50_ms']} ms** (runs {', '.join(str(x) for x in w['runs_ms'])}) "
                      "against the plan it chooses by itself below. Its COUNT then:", "", "```", *w["plan"], "```"]
        for phrase, plan in r["plans"].items():
            lines += ["", f"The floor's COUNT for `{phrase}` (the project's COUNT is the same statement), "
                      f"{'EXPLAIN (ANALYZE, BUFFERS)' if pg else 'EXPLAIN QUERY PLAN'}:", "", "```", *plan, "```"]
        lines += ["", *(f"- {n}" for n in r["notes"])]
        if r.get("profile"):
            lines += ["", *_profile(r["profile"], "3 project searches of every phrase")]
        lines.append("")
    return lines


def _exams(group: list[dict[str, Any]]) -> list[str]:
    lines = [f"## 6. {group[0]['title']}", "",
             "**Data:** the demo org tree and accounts; generated cadres (`bench/common.py`), each linked to an account of its "
             "own; a question bank at the province of single / multiple choice, 判断 and 填空 questions (one or two blanks, with "
             "alternatives); an exam for the whole province whose paper rules draw 50 questions (`exams.exam_save`, published by "
             "`exams.exam_set_status`); one started attempt per cadre (`exams.attempt_start`: its own drawn paper, options "
             "shuffled); for each a full set of answers as the page posts them (display letters, T/F, blank texts), built "
             "outside the timing.",
             "",
             "**Project path (per attempt):** `exams.attempt_submit(user, attempt, answers)`: lock the attempt, read the keys, "
             "clean and save the answers, grade, insert the graded AttemptAnswer rows, update the attempt, award the points when "
             "passed (`points.award`), write the audit row(s); one transaction.",
             "",
             "**Floor (per attempt, right after it):** the same graded rows read back and deleted (not timed), then written "
             "again by one hand-written INSERT into `learning_attemptanswer` in a transaction of their own (`executemany` on "
             "SQLite, as `zugong.core.bulk.insert_rows` does; COPY on PostgreSQL); the rows read afterwards must equal the rows "
             "before. **Targets:** submission p50 <= 3x floor p50; `grading.grade` of a 50-question attempt well under 50 ms.",
             ""]
    for r in group:
        t, g = r["targets"][0], r["targets"][1]
        sub, flo, by = r["submit_ms"], r["floor_ms"], r["submit_by_outcome_ms"]
        lines += [f"### {r['backend']} ({r['seconds']:.0f} s)", "",
                  f"{r['attempts']} attempts of {r['questions']} questions from a bank of {r['bank']} ({r['passed']} passed); "
                  f"{r['made']['answer_rows']:,} graded rows, {r['made']['points_entries']} point entries, "
                  f"{r['queries']} queries in the first submission. Submission p50 {t['value_ms']} ms, floor p50 "
                  f"{t['floor_ms']} ms: **{t['ratio']}x** (target {t['target']}) {_verdict(t['pass'])}. Grading alone "
                  f"{g['value_ms']} ms (target {g['target']}) {_verdict(g['pass'])}.", ""]
        lines += _table(["per attempt (ms)", "p50", "p95", "min", "max"], [
            [f"project: `attempt_submit` ({r['measured']} attempts)", sub["p50"], sub["p95"], sub["min"], sub["max"]],
            [f"floor: raw INSERT of the same {r['questions']} rows", flo["p50"], flo["p95"], flo["min"], flo["max"]],
            [f"grading alone: `grading.grade` ({r['grading']['questions']} questions, median of runs)",
             r["grading"]["median_ms"], r["grading"]["p95_ms"], "", ""],
        ])
        lines += ["", "Submission p50 by outcome: " + ", ".join(
            f"{k} {v['p50']} ms ({v['n']} attempts)" for k, v in by.items() if v["n"]) + "."]
        lines += ["", *(f"- {n}" for n in r["notes"])]
        if r.get("profile"):
            lines += ["", *_profile(r["profile"], "50 further submissions")]
        lines.append("")
    return lines


def _national(r: dict[str, Any], run: dict[str, Any]) -> list[str]:
    g, sh = r["generation"], r["shape"]
    people, reports = g["people"], g["reports"]
    nat = r["national"]
    m = r["machine"]
    lines = [f"{NATIONAL_HEADING}: 31 provinces, ~1.2 million cadres (PostgreSQL)", "",
             f"_Measured {run['started']:%Y-%m-%d %H:%M %Z} on {m['cpu']}, {m['usable_cores']} cores, {m['ram_gib']} GiB RAM, "
             f"PostgreSQL {m['postgresql']}; code: {code_line(run['code'], run['code_after'])}; {r['seconds']:.0f} s in all "
             "(`bench/bench_national.py`, run by `./dev bench --postgres URL --national` only)._",
             "",
             f"**Data:** a national root (中央组织部) over the {sh['provinces']} provinces of the mainland; each province has its "
             f"department with 9 offices and {sh['affiliated_per_province']} affiliated units, {sh['cities_per_province']} cities "
             f"(6 offices each, a development zone under {sh['zones_per_province']} of them) and {sh['counties_per_city']} counties per "
             f"city (4 offices each): {g['tree']['units']:,} units. Cadres per unit: "
             + ", ".join(f"{k} {v:,}" for k, v in sh["cadres_per_unit"].items())
             + f" ({people['cadres']:,} in all), inserted unit by unit in a shuffled order of units; {people['movements']:,} movements "
             f"(status changes plus 12% career moves over 540 days); {reports['report_forms']} quarterly report forms from the "
             f"provincial departments with {reports['report_assignments']:,} assignments and {reports['report_values']:,} values. "
             "Everything through `zugong.core.bulk.insert_rows` (COPY) into the migrated tables with all their indexes; ID numbers "
             "and phones are real SM4 ciphertexts from a pool of 4,000, reused; blind indexes unique per row.",
             "",
             "**Measured:** the roll-up of every indicator (`engine.value` + `engine.breakdown`, as bench_rollup) at the national "
             "root as a national-level user (role grant on the root; one row per province), and at three provinces as each "
             "province's administrator and as the national user drilling down (one row per city and affiliated unit); cold and "
             "warm; against bench_rollup's hand-written SQL (numbers compared).",
             "",
             "### Data generation", ""]
    lines += _table(["phase", "rows", "seconds", "rate"], [
        ["org tree (5 levels, COPY per level)", f"{g['tree']['units']:,}", g["tree"]["seconds"], ""],
        ["cadres: build model objects (Python; pools of ciphertexts and names)", f"{people['cadres']:,}",
         round(people["build_objects_s"] + people["pool_s"], 1), ""],
        ["cadres: COPY (`insert_rows`) into the indexed table", f"{people['cadres']:,}", people["copy_cadres_s"],
         f"{people['cadres_per_s_copy']:,} rows/s"],
        ["movements: COPY", f"{people['movements']:,}", people["copy_movements_s"], f"{people['movements_per_s_copy']:,} rows/s"],
        ["cadres and movements in all", f"{people['cadres'] + people['movements']:,}", people["seconds"],
         f"{people['cadres_per_s_overall']:,} cadres/s"],
        ["report forms, assignments (bulk_create) and values (COPY)", f"{reports['report_values']:,}", reports["seconds"], ""],
        ["VACUUM ANALYZE", "", g["vacuum_analyze_s"], ""],
        ["**total**", "", f"**{g['total_s']}**", ""],
    ])
    lines += ["", "Tables after generation:", ""]
    lines += _table(["table", "rows", "heap MB", "indexes", "indexes MB", "total MB"],
                    [[f"`{t['table']}`", f"{t['rows']:,}", t["heap_mb"], t["indexes"], t["indexes_mb"], t["total_mb"]] for t in r["tables"]])
    lines += ["", "PostgreSQL settings (defaults of the Debian package, untuned): "
              + ", ".join(f"`{k}={v}`" for k, v in r["pg_settings"].items()) + ".", "",
              f"### Roll-up of all {r['indicators']} indicators (period {r['period']})", ""]
    rows = []
    for label, x in [("national (root, per province), national user", nat),
                     *((f"{p['org']} (per city), its administrator", p) for p in r["provinces"]),
                     *((f"{p['org'].removesuffix(' (national user)')} (per city), national user drilling down", p)
                       for p in r.get("drilldown", []))]:
        rows.append([label, x["children"], x["queries"], x["cold_s"], x["warm_s"], x["floor_s"], f"{x['ratio']}x"])
    lines += _table(["scope", "rows in breakdown", "queries", "cold s", "warm s (median)", "floor s (median)", "warm / floor"], rows)
    prov = r["provinces"][0]
    drill = (r.get("drilldown") or [None])[0]
    by_code = {x["code"]: x for x in prov["per_indicator"]}
    drill_by_code = {x["code"]: x for x in drill["per_indicator"]} if drill else {}
    lines += ["", f"Per indicator (value + breakdown, ms cold / warm; slowest at the national root first); the province is "
              f"{prov['org']}:", ""]
    rows = []
    for x in nat["per_indicator"]:
        row = [f"`{x['code']}`", f"{x['value']:,}" if x["value"] is not None else "—", f"{_ms(x['cold_ms'])} / {_ms(x['warm_ms'])}"]
        p = by_code[x["code"]]
        row.append(f"{_ms(p['cold_ms'])} / {_ms(p['warm_ms'])}")
        if drill:
            d = drill_by_code[x["code"]]
            row.append(f"{_ms(d['cold_ms'])} / {_ms(d['warm_ms'])}")
        rows.append(row)
    lines += _table(["indicator", "national value", "national root", "province, its administrator",
                     *(["province, national user"] if drill else [])], rows)
    heavy = [("national roll-up", nat), (f"roll-up at {r['provinces'][0]['org']} by its administrator", r["provinces"][0])]
    if r.get("drilldown"):
        heavy.append((f"roll-up at {r['drilldown'][0]['org'].removesuffix(' (national user)')} by the national user", r["drilldown"][0]))
    for label, x in heavy:
        lines += ["", f"The heaviest statement of the {label} ({x['heaviest']['time_ms']} ms in the roll-up), "
                  "EXPLAIN (ANALYZE, BUFFERS):", "", "```", x["heaviest"]["sql"], *x["heaviest"]["plan"], "```"]
    cand = r.get("candidate_indexes")
    if cand:
        lines += ["", "What-if, not in the schema: the same roll-ups with two covering indexes (built in "
                  f"{cand['build_s']} s; " + ", ".join(f"`{k}` {v} MB" for k, v in cand["size_mb"].items()) + "), then dropped:", "",
                  "```sql", *(f"{sql};" for sql in cand["indexes"]), "```", ""]
        before = {"national": nat, "province": r["provinces"][0], "drilldown": (r.get("drilldown") or [nat])[0]}
        rows = []
        for key, label in (("national", "national root, national user"), ("province", f"{r['provinces'][0]['org']}, its administrator"),
                           ("drilldown", f"{r['provinces'][0]['org']}, national user drilling down")):
            x = cand[key]
            rows.append([label, before[key]["warm_s"], x["cold_s"], x["warm_s"], x["floor_s"]])
        lines += _table(["scope", "warm s without", "cold s with", "warm s with", "floor s with"], rows)
    lines += ["", *(f"- {n}" for n in r["notes"]), ""]
    return lines


if __name__ == "__main__":
    sys.exit(main())
