"""Template helpers: Tabler classes on form widgets, query-string edits, chart data."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def widget(field: forms.BoundField) -> SafeString:
    w = field.field.widget
    if isinstance(w, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
        css = "form-check-input"
    elif isinstance(w, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    existing = w.attrs.get("class", "")
    if css in existing.split():
        css = ""
    if isinstance(w, forms.CheckboxSelectMultiple | forms.RadioSelect):
        # the class would land on the wrapper <div> too: put it on the boxes only
        html = str(field.as_widget(attrs={"class": existing} if existing else None))
        for kind in ("checkbox", "radio"):
            html = html.replace(f'<input type="{kind}"', f'<input class="{css}" type="{kind}"')
        return mark_safe(f'<div class="zg-choices">{html}</div>')  # noqa: S308 — Django rendered and escaped it
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.simple_tag
def query_with(query_string: str, **kwargs: Any) -> str:
    from django.http import QueryDict

    q = QueryDict(query_string, mutable=True)
    for k, v in kwargs.items():
        q[k] = v
    return q.urlencode()


@register.filter
def attr(obj: Any, name: str) -> Any:
    """`{{ row|attr:"date" }}`: a field named at run time (the indicator's date field)."""
    value = obj
    for part in str(name).split("__"):
        value = getattr(value, part, None)
    return value


@register.filter
def pct(value: Any, digits: int = 1) -> str:
    """A ratio as a percentage: 0.8754 → "87.5%"; nothing for None."""
    if value is None or value == "":
        return ""
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter
def points(value: Any) -> str:
    """A change of a ratio in percentage points, signed: 0.023 → "+2.3"."""
    if value is None or value == "":
        return ""
    return f"{float(value) * 100:+.1f}"


@register.filter
def key(mapping: Any, name: Any) -> Any:
    """`{{ counts|key:value }}`: a dict entry by a key known at run time (keys compared as text)."""
    if not isinstance(mapping, dict):
        return None
    return mapping.get(str(name))
