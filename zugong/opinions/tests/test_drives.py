"""Drives and channel records: the checks, who reads what (a county files under the city's drive; a sibling
sees nothing), the per-channel totals of the drive page and the indicators that roll them up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from zugong.core.errors import ValidationError
from zugong.opinions import drives, entry, selectors
from zugong.opinions.models import ChannelRecord, Drive, OpinionCategory
from zugong.stats import engine
from zugong.stats.registry import get

pytestmark = pytest.mark.django_db


def _drive(personas: Any, unit: Any, **over: Any) -> Drive:
    today = timezone.localdate()
    data = {"title": "开门评部征求意见", "start_date": today - timedelta(days=30), "end_date": today + timedelta(days=30),
            "channels": ["letter", "symposium", "visit"], **over}
    return drives.drive_create(actor=personas.province, org_unit=unit, data=data)


def _record(actor: Any, d: Drive, unit: Any, kind: str, count: int, **over: Any) -> ChannelRecord:
    return drives.record_add(actor=actor, drive=d, org_unit=unit, data={"kind": kind, "date": timezone.localdate(), "count": count, **over})


def test_drive_checks_dates_and_channels(personas: Any, tree: Any) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        drives.drive_create(actor=personas.city_a, org_unit=tree.city_a, data={
            "title": " ", "start_date": today, "end_date": today - timedelta(days=1), "channels": []})
    assert exc.value.message_dict == {"title": [drives.MSG_TITLE], "end_date": [drives.MSG_ORDER], "channels": [drives.MSG_CHANNELS]}
    with pytest.raises(ValidationError) as exc:
        drives.drive_create(actor=personas.city_a, org_unit=tree.city_a, data={
            "title": "t", "start_date": today, "end_date": today, "channels": ["carrier-pigeon"]})
    assert exc.value.message_dict == {"channels": [drives.MSG_CHANNEL]}
    with pytest.raises(PermissionDenied):
        drives.drive_create(actor=personas.city_a, org_unit=tree.city_b, data={
            "title": "t", "start_date": today, "end_date": today, "channels": ["letter"]})
    assert Drive.objects.count() == 0


def test_record_checks(personas: Any, tree: Any) -> None:
    d = _drive(personas, tree.city_a)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        drives.record_add(actor=personas.province, drive=d, org_unit=tree.county_b1, data={
            "kind": "fax", "date": today + timedelta(days=1), "count": 0, "participants": -1})
    assert exc.value.message_dict == {"org_unit": [drives.MSG_UNIT], "kind": [drives.MSG_KIND], "date": [drives.MSG_FUTURE],
                                      "count": [drives.MSG_COUNT], "participants": [drives.MSG_PARTICIPANTS]}
    with pytest.raises(ValidationError) as exc:
        _record(personas.province, d, tree.city_a, "letter", 5, date=d.start_date - timedelta(days=1))
    assert "活动期间" in exc.value.message_dict["date"][0]
    d = drives.drive_set_status(actor=personas.city_a, drive=d, status="closed", expected_version=d.version)
    with pytest.raises(ValidationError) as exc:
        _record(personas.city_a, d, tree.city_a, "letter", 5)
    assert exc.value.messages == [drives.MSG_CLOSED]
    assert ChannelRecord.objects.count() == 0


def test_county_files_under_the_city_drive_and_sees_only_its_own_records(personas: Any, tree: Any) -> None:
    from zugong.conftest import make_user

    a1_clerk, b1 = personas.county_a1_clerk, personas.county_b1
    d = _drive(personas, tree.city_a)
    assert Drive.objects.visible_to(a1_clerk, "view").filter(pk=d.pk).exists()  # the city's drive covers the county
    assert not Drive.objects.visible_to(b1, "view").filter(pk=d.pk).exists()  # another city's county: not
    _record(a1_clerk, d, tree.county_a1, "letter", 120, recipients="党代表、基层党员")
    _record(a1_clerk, d, tree.county_a1, "symposium", 1, participants=15, minutes="座谈纪要")
    _record(personas.city_a, d, tree.city_a, "letter", 80)
    _record(personas.city_a, d, tree.county_a2, "visit", 36)
    a2 = make_user("a2-clerk", grants=[("clerk", tree.county_a2)])
    with pytest.raises(PermissionDenied):
        _record(a2, d, tree.county_a1, "letter", 1)  # only its own subtree
    county = {k["kind"]: k["total"] for k in selectors.drive_summary(a1_clerk, d)["kinds"]}
    city = {k["kind"]: k["total"] for k in selectors.drive_summary(personas.city_a, d)["kinds"]}
    assert county == {"letter": 120, "symposium": 1, "visit": 0, "hotline": 0, "questionnaire": 0}
    assert city == {"letter": 200, "symposium": 1, "visit": 36, "hotline": 0, "questionnaire": 0}
    participants = {k["kind"]: k["people"] for k in selectors.drive_summary(personas.city_a, d)["kinds"]}
    assert participants["symposium"] == 15


def test_indicators_roll_channel_records_and_opinions_up_the_tree(personas: Any, tree: Any) -> None:
    d = _drive(personas, tree.province)
    _record(personas.province, d, tree.county_a1, "letter", 120)
    _record(personas.province, d, tree.county_a2, "letter", 30)
    _record(personas.province, d, tree.county_b1, "letter", 50)
    _record(personas.province, d, tree.city_a, "symposium", 2)
    cat = OpinionCategory.objects.get(code="selection")
    for unit, channel in [(tree.county_a1, "letter"), (tree.county_a1, "visit"), (tree.county_b1, "letter")]:
        entry.opinion_create(actor=personas.province, data=entry.OpinionInput(
            org_unit=unit, channel=channel, category=cat, content="选人用人透明度", received_on=timezone.localdate(), drive=d))
    user = personas.province
    assert engine.value(get("opinions.letters_sent"), user, tree.province) == 200
    assert engine.value(get("opinions.letters_sent"), user, tree.city_a) == 150
    assert engine.value(get("opinions.symposiums"), user, tree.province) == 2
    assert engine.value(get("opinions.opinions"), user, tree.city_a) == 2
    assert engine.value(get("opinions.opinions_letter"), user, tree.province) == 2
    assert engine.value(get("opinions.opinions_cat_selection"), user, tree.province) == 3
    assert engine.value(get("opinions.letters_sent"), personas.county_b1, tree.county_b1) == 50


def test_drive_pages(client: Any, personas: Any, tree: Any) -> None:
    client.force_login(personas.city_a)
    today = timezone.localdate().isoformat()
    bad = client.post("/opinions/drives/add/", {"org_unit": tree.city_a.pk, "title": "", "start_date": "2026-13-01", "channels": []})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "请填写活动名称" in page and "请输入正确的日期" in page and "请至少选择一种征求渠道" in page
    response = client.post("/opinions/drives/add/", {"org_unit": tree.city_a.pk, "title": "开门评部", "start_date": today,
                                                     "end_date": today, "channels": ["letter", "symposium"]})
    assert response.status_code == 303
    d = Drive.objects.get()
    assert d.channels == ["letter", "symposium"]
    response = client.post(f"/opinions/drives/{d.pk}/records/add/", {"org_unit": tree.county_a1.pk, "kind": "symposium", "date": today,
                                                                      "count": "2", "participants": "30", "minutes": "两场座谈"})
    assert response.status_code == 303
    page = client.get(d.get_absolute_url()).content.decode()
    assert 'data-kind="symposium"' in page and "两场座谈" in page and "甲一县委组织部" in page
    assert client.post(f"/opinions/drives/{d.pk}/records/add/", {"org_unit": tree.county_a1.pk, "kind": "symposium", "date": today,
                                                                  "count": "abc"}).status_code == 400
    stale = client.post(f"/opinions/drives/{d.pk}/status/", {"status": "closed", "version": "99"})
    assert stale.status_code == 303 and Drive.objects.get().status == "open"
    client.post(f"/opinions/drives/{d.pk}/status/", {"status": "closed", "version": str(d.version)})
    assert Drive.objects.get().status == "closed"
    client.force_login(personas.county_b1)
    assert client.get(d.get_absolute_url()).status_code == 404
