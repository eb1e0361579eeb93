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
