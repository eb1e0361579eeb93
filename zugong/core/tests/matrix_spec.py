"""The permission matrix's vocabulary, shared by core/tests/test_permission_matrix.py and each app's tests/matrix.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OK = {200, 302}


@dataclass(frozen=True)
class Url:
    """How a URL is protected. kind: public | auth | list | object | admin:<role> | job | own (PER_USER objects)."""

    kind: str
    write: bool = False
    method: str = "get"
    obj: str = ""  # fixture object for kind=object/job
    obj2: str = ""  # a second fixture object in the path (a file of the record)
    api: bool = False
    data: dict[str, Any] = field(default_factory=dict)
    query: str = ""  # query string with {pk} of the fixture object, for object URLs addressed by parameter
    allowed_extra: frozenset[int] = frozenset()  # answers that show the permission check passed (e.g. 400 on an empty POST)
