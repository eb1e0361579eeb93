"""Shared fixtures: a fixed small org tree and the personas of STYLE.md, Playwright on Debian chromium."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API beside live_server

PASSWORD = "Persona#Pass2026"


@dataclass
class Tree:
    province: Any
    province_office: Any
    city_a: Any
    city_a_office: Any
    county_a1: Any
    county_a1_office: Any
    county_a2: Any
    city_b: Any
    county_b1: Any


@pytest.fixture
def tree(db: Any) -> Tree:
    from zugong.accounts.access import SYSTEM
    from zugong.orgs.models import OrgUnit
    from zugong.orgs.services import orgunit_create

    K = OrgUnit.Kind

    def mk(parent: Any, name: str, kind: str, code: str = "") -> Any:
        return orgunit_create(actor=SYSTEM, parent=parent, name=name, kind=kind, division_code=code)

    p = mk(None, "示范省委组织部", K.PROVINCE, "990000")
    po = mk(p, "干部一处", K.OFFICE)
    a = mk(p, "甲市委组织部", K.CITY, "990100")
    ao = mk(a, "干部科", K.OFFICE)
    a1 = mk(a, "甲一县委组织部", K.COUNTY, "990101")
    a1o = mk(a1, "干部股", K.OFFICE)
    a2 = mk(a, "甲二县委组织部", K.COUNTY, "990102")
    b = mk(p, "乙市委组织部", K.CITY, "990200")
    b1 = mk(b, "乙一县委组织部", K.COUNTY, "990201")
    return Tree(p, po, a, ao, a1, a1o, a2, b, b1)


def make_user(username: str, *, admin_role: str = "", grants: list[tuple[str, Any]] | None = None) -> Any:
    from zugong.accounts.models import Role, RoleAssignment, User
    from zugong.accounts.roles import sync_builtin_roles

    if grants:
        sync_builtin_roles()  # transactional tests flush the rows the data migrations made
        from zugong.learning.kinds import ensure_kinds
        from zugong.opinions.categories import ensure_categories
        from zugong.points.rules_data import ensure_rules

        ensure_rules()
        ensure_kinds()
        ensure_categories()

    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username, admin_role=admin_role)
    for role_code, unit in grants or []:
        RoleAssignment.objects.create(user=user, role=Role.objects.get(code=role_code), org_unit=unit)
    return user


@dataclass
class Personas:
    province: Any  # 业务管理员 on the province (ancestor of everything)
    city_a: Any  # 业务管理员 on city A
    county_a1_readonly: Any  # 只读 on county A1
    county_a1_clerk: Any  # 填报员 on county A1
    county_b1: Any  # 业务管理员 on county B1 (outsider to A)
    inspector: Any  # 督导组成员 on city A
    nogrant: Any  # an account with no grant
    sysadmin: Any
    secadmin: Any
    auditor: Any


@pytest.fixture
def personas(tree: Tree) -> Personas:
    return Personas(
        province=make_user("p-admin", grants=[("admin", tree.province)]),
        city_a=make_user("a-admin", grants=[("admin", tree.city_a)]),
        county_a1_readonly=make_user("a1-readonly", grants=[("readonly", tree.county_a1)]),
        county_a1_clerk=make_user("a1-clerk", grants=[("clerk", tree.county_a1)]),
        county_b1=make_user("b1-admin", grants=[("admin", tree.county_b1)]),
        inspector=make_user("a-inspector", grants=[("inspector", tree.city_a)]),
        nogrant=make_user("nobody"),
        sysadmin=make_user("sys", admin_role="sysadmin"),
        secadmin=make_user("sec", admin_role="secadmin"),
        auditor=make_user("aud", admin_role="auditor"),
    )


_seq = {"n": 0}


def cadre_input(unit: Any, *, name: str = "张三", office: Any = None, birth: date = date(1990, 3, 15), **extra: Any) -> Any:
    from zugong.core import idcard
    from zugong.people.services import CadreInput

    _seq["n"] += 1
    number = idcard.make((unit.division_code or "990000")[:6], birth, 2 * (_seq["n"] % 400) + 1)
    values: dict[str, Any] = {
        "name": name, "id_number": number, "political_status": "member", "education": "bachelor",
        "rank": "staff", "org_unit": unit, "office": office, "phone": "13800001234", "position": "科员",
        **extra,
    }
    return CadreInput(**values)


@pytest.fixture
def make_cadre(db: Any) -> Any:
    from zugong.accounts.access import SYSTEM
    from zugong.people.services import cadre_create

    def _make(unit: Any, **kwargs: Any) -> Any:
        return cadre_create(actor=SYSTEM, data=cadre_input(unit, **kwargs))

    return _make


@pytest.fixture(autouse=True)
def _isolated_media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    # Argon2 is the production hasher (tested in accounts); personas hash faster in the other tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


@pytest.fixture(autouse=True)
def _clear_cache() -> Any:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- browser tests -----------------------------------------------------------------------------
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    browser_items = [i for i in items if "browser" in i.keywords]
    if not browser_items:
        return
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"chromium not found at {CHROMIUM}: browser tests cannot be skipped under CI")
    skip = pytest.mark.skip(reason="Debian chromium is not installed")
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
