"""The inbox: idempotent sending, own notices only, opening marks read, the bell's count, mark all read."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from zugong.core.errors import ValidationError
from zugong.notices import selectors, services
from zugong.notices.context_processors import unread_notices
from zugong.notices.models import MSG_URL, Notice

pytestmark = pytest.mark.django_db


def send(users: list[Any], unit: Any, key: str, *, title: str = "请报送", url: str = "/stats/forms/", kind: str = "info") -> int:
    return services.notify(users, org_unit=unit, kind=kind, title=title, url=url, dedupe_key=key)


def test_notify_is_idempotent_per_recipient_and_key(personas: Any, tree: Any) -> None:
    clerk, readonly = personas.county_a1_clerk, personas.county_a1_readonly
    assert send([clerk], tree.county_a1, "k1") == 1
    assert send([clerk], tree.county_a1, "k1") == 0  # a re-run sends nothing
    assert send([clerk, readonly.pk], tree.county_a1, "k1") == 1  # only the one who had none (users or ids)
    assert send([clerk], tree.county_a1, "k2") == 1  # another key is another notice
    assert Notice.objects.filter(recipient=clerk).count() == 2
    assert Notice.objects.filter(recipient=readonly).count() == 1
    assert send([], tree.county_a1, "k3") == 0


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/", "/\\evil.example", "stats/forms/"])
def test_notify_accepts_only_links_inside_the_site(personas: Any, tree: Any, url: str) -> None:
    with pytest.raises(ValidationError) as exc:
        send([personas.county_a1_clerk], tree.county_a1, "k", url=url)
    assert exc.value.message_dict == {"url": [MSG_URL]}
    assert not Notice.objects.exists()


def test_notify_rejects_unknown_kind_and_empty_title(personas: Any, tree: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        send([personas.county_a1_clerk], tree.county_a1, "k", title=" ", kind="spam")
    assert set(exc.value.message_dict) == {"kind", "title"}


def test_inbox_shows_only_own_notices_unread_first(client: Any, personas: Any, tree: Any) -> None:
    clerk = personas.county_a1_clerk
    send([clerk], tree.county_a1, "old", title="较早的消息")
    send([clerk], tree.county_a1, "new", title="已读的消息")
    send([personas.county_b1], tree.county_b1, "b", title="乙县的消息")
    services.mark_read(clerk, Notice.objects.filter(dedupe_key="new").values_list("pk", flat=True))
    assert [n.title for n in selectors.inbox(clerk)] == ["较早的消息", "已读的消息"]
    client.force_login(clerk)
    page = client.get("/notices/").content.decode()
    assert "较早的消息" in page and "已读的消息" in page and "乙县的消息" not in page
    assert page.index("较早的消息") < page.index("已读的消息")
    unread = client.get("/notices/?filter=unread").content.decode()
    assert "较早的消息" in unread and "已读的消息" not in unread


def test_inbox_is_paginated(client: Any, personas: Any, tree: Any) -> None:
    for i in range(25):
        send([personas.county_a1_clerk], tree.county_a1, f"k{i}", title=f"消息{i:02d}")
    client.force_login(personas.county_a1_clerk)
    first = client.get("/notices/")
    assert len(first.context["page_obj"].object_list) == 20 and "第 1 / 2 页" in first.content.decode()
    second = client.get("/notices/?page=2")
    assert len(second.context["page_obj"].object_list) == 5


def test_open_marks_read_and_follows_the_link(client: Any, personas: Any, tree: Any) -> None:
    send([personas.county_a1_clerk], tree.county_a1, "k", url="/stats/forms/")
    notice = Notice.objects.get()
    client.force_login(personas.county_a1_clerk)
    assert client.get(f"/notices/{notice.pk}/open/").status_code == 405  # a read changes state: POST only
    response = client.post(f"/notices/{notice.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/stats/forms/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_another_users_notice_is_404_and_stays_unread(client: Any, personas: Any, tree: Any) -> None:
    send([personas.county_a1_clerk], tree.county_a1, "k")
    notice = Notice.objects.get()
    # the province admin holds every grant over county A1, and still may not open the clerk's notice
    for user in (personas.province, personas.county_a1_readonly, personas.county_b1):
        client.force_login(user)
        assert client.post(f"/notices/{notice.pk}/open/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None
    assert services.mark_read(personas.province, [notice.pk]) == 0


def test_open_never_redirects_off_site(client: Any, personas: Any, tree: Any) -> None:
    # written past the service (which refuses it): the view still checks before redirecting
    notice = Notice.objects.create(recipient=personas.county_a1_clerk, org_unit=tree.county_a1, title="t",
                                   url="/\\evil.example", dedupe_key="k")
    client.force_login(personas.county_a1_clerk)
    assert client.post(f"/notices/{notice.pk}/open/")["Location"] == "/notices/"


def test_bell_shows_the_unread_count(client: Any, personas: Any, tree: Any) -> None:
    clerk = personas.county_a1_clerk
    for key in ("a", "b", "c"):
        send([clerk], tree.county_a1, key)
    services.mark_read(clerk, Notice.objects.filter(dedupe_key="c").values_list("pk", flat=True))
    send([personas.county_a1_readonly], tree.county_a1, "x")
    assert selectors.unread_count(clerk) == 2
    client.force_login(clerk)
    page = client.get("/").content.decode()
    assert 'data-unread-count="2"' in page and "2 条未读" in page
    client.force_login(personas.sysadmin)  # 三员 receive no notices: no bell, no query
    assert "data-unread-count" not in client.get("/").content.decode()


def test_bell_costs_one_query_per_request(personas: Any, tree: Any, django_assert_num_queries: Any) -> None:
    for i in range(120):
        send([personas.county_a1_clerk], tree.county_a1, f"k{i}")
    request = RequestFactory().get("/")
    request.user = personas.county_a1_clerk
    with django_assert_num_queries(1):
        first = unread_notices(request)["unread_notices"]
        assert first.count == 120 and first.label == "99+"
        assert unread_notices(request)["unread_notices"].count == 120  # a second render in the same request


def test_mark_all_read(client: Any, personas: Any, tree: Any) -> None:
    clerk = personas.county_a1_clerk
    for key in ("a", "b"):
        send([clerk], tree.county_a1, key)
    send([personas.county_a1_readonly], tree.county_a1, "a")
    client.force_login(clerk)
    response = client.post("/notices/read-all/", follow=True)
    assert "已将 2 条消息标为已读" in response.content.decode()
    assert selectors.unread_count(clerk) == 0
    assert selectors.unread_count(personas.county_a1_readonly) == 1  # nobody else's
    assert 'data-unread-count="0"' in response.content.decode()


def test_menu_entry_for_business_users_only(personas: Any) -> None:
    from zugong.core.menu import menu_for

    def labels(user: Any) -> list[str]:
        return [i.label for g in menu_for(user) for i in g.items]

    assert "站内消息" in labels(personas.county_a1_readonly)
    assert "站内消息" in labels(personas.nogrant)
    assert "站内消息" not in labels(personas.auditor)
