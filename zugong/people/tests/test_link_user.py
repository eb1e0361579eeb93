"""Linking a roster entry to a login account (关联系统账号): link, relink refused for an account linked
elsewhere, unlink, 三员 and disabled accounts refused, unknown usernames named, read-only 403, sibling
404, one audit row per change with the usernames before and after; the detail page's 系统账号 card."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from zugong.audit.models import ObjectChange
from zugong.conftest import make_user
from zugong.core.errors import ValidationError
from zugong.people import services, views
from zugong.people.models import Cadre
from zugong.people.selectors import cadre_of

pytestmark = pytest.mark.django_db


def _linked(cadre: Any) -> str | None:
    c = Cadre.objects.select_related("user").get(pk=cadre.pk)
    return c.user.username if c.user else None


def _audit(cadre: Any) -> list[tuple[Any, Any, str]]:
    return [(r.before, r.after, r.actor_name) for r in ObjectChange.objects.filter(action="cadre.user_linked", object_id=str(cadre.pk))
            .order_by("id")]


def _message(excinfo: Any) -> str:
    return str(excinfo.value.message_dict["username"][0])


def test_link_relink_and_unlink_with_audit(personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1, name="张三")
    zhang, zhang2 = make_user("zhangsan"), make_user("zhangsan2")
    services.cadre_link_user(actor=personas.city_a, cadre=cadre, username=" ZhangSan ")  # trimmed, case-insensitive
    assert _linked(cadre) == "zhangsan" and cadre_of(zhang) == cadre
    services.cadre_link_user(actor=personas.city_a, cadre=cadre, username="zhangsan")  # the same again: nothing changes
    services.cadre_link_user(actor=personas.city_a, cadre=cadre, username="zhangsan2")  # relinking replaces the account
    assert _linked(cadre) == "zhangsan2" and cadre_of(zhang) is None and cadre_of(zhang2) == cadre
    services.cadre_link_user(actor=personas.city_a, cadre=cadre, username="")
    assert _linked(cadre) is None
    services.cadre_link_user(actor=personas.city_a, cadre=cadre, username=None)  # unlinking an unlinked cadre: nothing
    assert _audit(cadre) == [({"user": None}, {"user": "zhangsan"}, "a-admin"), ({"user": "zhangsan"}, {"user": "zhangsan2"}, "a-admin"),
                             ({"user": "zhangsan2"}, {"user": None}, "a-admin")]
    row = ObjectChange.objects.filter(action="cadre.user_linked").first()
    assert row is not None and (row.object_type, row.org_unit_id) == ("people.cadre", tree.county_a1.pk)
    assert Cadre.objects.get(pk=cadre.pk).version == cadre.version  # the roster record itself was not edited


def test_account_linked_to_another_cadre_is_refused(personas: Any, tree: Any, make_cadre: Any) -> None:
    first, second = make_cadre(tree.county_a1, name="张三"), make_cadre(tree.county_a1, name="李四")
    make_user("zhangsan")
    services.cadre_link_user(actor=personas.city_a, cadre=first, username="zhangsan")
    with pytest.raises(ValidationError) as exc:
        services.cadre_link_user(actor=personas.city_a, cadre=second, username="zhangsan")
    assert _message(exc) == "账号“zhangsan”已关联到组工干部“张三”，请先在该干部处解除关联"
    assert (_linked(first), _linked(second)) == ("zhangsan", None) and len(_audit(second)) == 0


@pytest.mark.parametrize(("username", "message"), [
    ("sys", "“sys”是三员账号（系统管理员、安全管理员、审计管理员），不能关联到组工干部"),
    ("sec", "“sec”是三员账号（系统管理员、安全管理员、审计管理员），不能关联到组工干部"),
    ("aud", "“aud”是三员账号（系统管理员、安全管理员、审计管理员），不能关联到组工干部"),
    ("nosuchone", "没有用户名为“nosuchone”的账号"),
    ("gone", "账号“gone”已停用，不能关联"),
])
def test_accounts_that_cannot_be_linked(personas: Any, tree: Any, make_cadre: Any, username: str, message: str) -> None:
    cadre = make_cadre(tree.county_a1)
    gone = make_user("gone")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    with pytest.raises(ValidationError) as exc:
        services.cadre_link_user(actor=personas.city_a, cadre=cadre, username=username)
    assert _message(exc) == message
    assert _linked(cadre) is None and not ObjectChange.objects.filter(action="cadre.user_linked").exists()


def test_service_scope(personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1)
    make_user("zhangsan")
    with pytest.raises(PermissionDenied):
        services.cadre_link_user(actor=personas.county_a1_readonly, cadre=cadre, username="zhangsan")
    with pytest.raises(Http404):
        services.cadre_link_user(actor=personas.county_b1, cadre=cadre, username="zhangsan")
    services.cadre_link_user(actor=personas.county_a1_clerk, cadre=cadre, username="zhangsan")  # 填报员 may change cadres
    assert _linked(cadre) == "zhangsan"


def _messages(resp: Any) -> list[str]:
    """The messages the redirected-to page showed (follow=True), which consumes them."""
    return [str(m) for m in resp.context["messages"]]


def test_link_and_unlink_from_the_detail_page(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1, name="张三")
    make_user("zhangsan")
    url = reverse("people:cadre_link_user", args=[cadre.pk])
    detail = reverse("people:cadre_detail", args=[cadre.pk])
    client.force_login(personas.city_a)
    page = client.get(detail).content.decode()
    assert "系统账号" in page and 'data-linked-user=""' in page and "未关联" in page
    assert f'action="{url}"' in page and "解除关联" not in page
    assert reverse("points:card", args=[cadre.pk]) in page and "积分卡" in page
    resp = client.post(url, {"username": "zhangsan", "action": "link"})
    assert resp.status_code == 302 and resp["Location"] == f"{detail}#account"
    resp = client.get(detail)
    assert _messages(resp) == ["已将张三关联到账号“zhangsan”"] and _linked(cadre) == "zhangsan"
    page = client.get(detail).content.decode()
    assert 'data-linked-user="zhangsan"' in page and "解除关联" in page
    resp = client.post(url, {"username": "nosuchone", "action": "link"}, follow=True)
    assert _messages(resp) == ["没有用户名为“nosuchone”的账号"] and _linked(cadre) == "zhangsan"
    resp = client.post(url, {"username": "", "action": "link"}, follow=True)  # an empty box is not an unlink
    assert _messages(resp) == [views.MSG_USERNAME_MISSING] and _linked(cadre) == "zhangsan"
    resp = client.post(url, {"username": "zhangsan", "action": "unlink"}, follow=True)
    assert _messages(resp) == ["已解除张三与账号“zhangsan”的关联"] and _linked(cadre) is None
    assert len(_audit(cadre)) == 2


def test_page_permissions(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    cadre = make_cadre(tree.county_a1)
    make_user("zhangsan")
    url = reverse("people:cadre_link_user", args=[cadre.pk])
    resp = client.post(url, {"username": "zhangsan"})
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]
    client.force_login(personas.county_a1_readonly)  # reads the cadre: sees the card, not the form
    page = client.get(reverse("people:cadre_detail", args=[cadre.pk])).content.decode()
    assert "系统账号" in page and "未关联" in page and f'action="{url}"' not in page
    assert client.post(url, {"username": "zhangsan"}).status_code == 403
    assert client.get(url).status_code == 405
    client.force_login(personas.county_b1)  # the sibling county
    assert client.post(url, {"username": "zhangsan"}).status_code == 404
    client.force_login(personas.nogrant)
    assert client.post(url, {"username": "zhangsan"}).status_code == 403
    assert _linked(cadre) is None and not ObjectChange.objects.filter(action="cadre.user_linked").exists()


def test_points_card_link_only_for_those_who_may_read_it(client: Any, personas: Any, tree: Any, make_cadre: Any) -> None:
    from zugong.accounts.models import Role

    cadre = make_cadre(tree.county_a1)
    card = reverse("points:card", args=[cadre.pk])
    Role.objects.create(code="roster", name="名册", permissions=["people.view_cadre"])
    roster_only = make_user("roster-only")
    roster_only.grants.create(role=Role.objects.get(code="roster"), org_unit=tree.county_a1)
    client.force_login(roster_only)
    page = client.get(reverse("people:cadre_detail", args=[cadre.pk]))
    assert page.status_code == 200 and card not in page.content.decode()
    client.force_login(personas.county_a1_readonly)
    assert card in client.get(reverse("people:cadre_detail", args=[cadre.pk])).content.decode()


def test_nobody_links_or_unlinks_their_own_account(personas: Any, tree: Any, make_cadre: Any) -> None:
    """One's own link decides whose points one may approve and whose writings one may review: someone else sets it."""
    me = personas.county_a1_clerk
    cadre = make_cadre(tree.county_a1, name="本人")
    with pytest.raises(ValidationError, match="不能关联或解除关联自己的账号"):
        services.cadre_link_user(actor=me, cadre=cadre, username=me.username)
    services.cadre_link_user(actor=personas.city_a, cadre=cadre, username=me.username)
    with pytest.raises(ValidationError, match="不能关联或解除关联自己的账号"):
        services.cadre_link_user(actor=me, cadre=cadre, username="")
    assert Cadre.objects.get(pk=cadre.pk).user_id == me.pk
