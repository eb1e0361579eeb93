"""Reads of the rules library: rules and versions through `visible_to`, search results, and the comparison of
two versions' full text."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from zugong.regulations import search
from zugong.regulations.models import Rule, RuleVersion

VIEW = "view"
HEAVY = ("search_text", "search_grams", "current__text")  # never needed by lists
INLINE_LIMIT = 3000  # paragraphs longer than this are compared as whole lines (character diff is quadratic)


def rules(user: Any) -> Any:
    return Rule.objects.visible_to(user, VIEW)


def rule_list(user: Any) -> Any:
    return rules(user).select_related("org_unit", "current").defer(*HEAVY)


def search_results(user: Any, phrase: str) -> Any:
    """Visible rules matching the phrase, current ones first, with the current text for the snippet."""
    return search.apply(rules(user), phrase).select_related("org_unit", "current").defer("search_text", "search_grams").order_by(
        "status", "-current__effective_on", "pk")


def versions(rule: Rule) -> list[RuleVersion]:
    """A visible rule's versions, newest first (the caller has checked the rule)."""
    return list(RuleVersion.objects.filter(rule=rule).select_related("file", "created_by").defer("text").order_by("-number"))


def version_pair(rule: Rule, a: Any, b: Any) -> tuple[RuleVersion, RuleVersion] | None:
    """Two versions of the rule by number (text included), older first; None when either is missing."""
    try:
        numbers = {int(a), int(b)}
    except (TypeError, ValueError):
        return None
    if len(numbers) != 2:
        return None
    found = {v.number: v for v in RuleVersion.objects.filter(rule=rule, number__in=numbers)}
    if len(found) != 2:
        return None
    lo, hi = sorted(found)
    return found[lo], found[hi]


@dataclass(frozen=True)
class DiffRow:
    op: str  # equal | delete | insert | replace
    old_no: int | None
    new_no: int | None
    old: SafeString
    new: SafeString


def _inline(a: str, b: str) -> tuple[SafeString, SafeString]:
    """Two paragraphs with the changed characters marked (<del> on the left, <ins> on the right), all escaped."""
    if len(a) > INLINE_LIMIT or len(b) > INLINE_LIMIT:
        return mark_safe(f"<del>{escape(a)}</del>"), mark_safe(f"<ins>{escape(b)}</ins>")  # noqa: S308 — escaped
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(escape(a[i1:i2]))
            right.append(escape(b[j1:j2]))
            continue
        if i2 > i1:
            left.append(f"<del>{escape(a[i1:i2])}</del>")
        if j2 > j1:
            right.append(f"<ins>{escape(b[j1:j2])}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 — every piece escaped


def text_diff(old: str, new: str) -> list[DiffRow]:
    """Side-by-side comparison by paragraph (line), with changed characters marked inside changed paragraphs."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    rows: list[DiffRow] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            rows.extend(DiffRow("equal", i1 + k + 1, j1 + k + 1, escape(a[i1 + k]), escape(b[j1 + k])) for k in range(i2 - i1))
        elif op == "delete":
            rows.extend(DiffRow("delete", i + 1, None, mark_safe(f"<del>{escape(a[i])}</del>"), mark_safe("")) for i in range(i1, i2))  # noqa: S308
        elif op == "insert":
            rows.extend(DiffRow("insert", None, j + 1, mark_safe(""), mark_safe(f"<ins>{escape(b[j])}</ins>")) for j in range(j1, j2))  # noqa: S308
        else:
            for k in range(max(i2 - i1, j2 - j1)):
                i, j = i1 + k, j1 + k
                if i < i2 and j < j2:
                    left, right = _inline(a[i], b[j])
                    rows.append(DiffRow("replace", i + 1, j + 1, left, right))
                elif i < i2:
                    rows.append(DiffRow("delete", i + 1, None, mark_safe(f"<del>{escape(a[i])}</del>"), mark_safe("")))  # noqa: S308
                else:
                    rows.append(DiffRow("insert", None, j + 1, mark_safe(""), mark_safe(f"<ins>{escape(b[j])}</ins>")))  # noqa: S308
    return rows
