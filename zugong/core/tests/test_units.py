"""ID numbers, pinyin, field encryption, working days: the small parts every module leans on."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zugong.core import calendar, crypto, idcard
from zugong.core.pinyin import name_pinyin


class TestIdNumber:
    def test_valid_number_gives_birth_date_and_gender(self) -> None:
        number, birth, gender = idcard.validate("11010519491231002x")
        assert number == "11010519491231002X"
        assert birth == date(1949, 12, 31)
        assert gender == "F"

    @pytest.mark.parametrize(
        ("raw", "message"),
        [
            ("1101051949123100", "身份证号应为18位"),
            ("11010519491231002A", "身份证号前17位应为数字，最后一位为数字或X"),
            ("110105194913310021", "身份证号中的出生日期无效"),
            ("110105194912310021", "身份证号校验位错误"),
            ("110105230012310021", "身份证号中的出生日期无效"),
        ],
    )
    def test_invalid_numbers_say_what_is_wrong(self, raw: str, message: str) -> None:
        with pytest.raises(idcard.IdNumberError, match=message):
            idcard.validate(raw, today=date(2026, 1, 1))

    @given(st.text(max_size=30))
    def test_any_text_is_either_valid_or_a_clear_error(self, raw: str) -> None:
        try:
            number, birth, gender = idcard.validate(raw, today=date(2026, 1, 1))
        except idcard.IdNumberError as exc:
            assert str(exc).startswith("身份证号")
        else:
            assert len(number) == 18 and gender in "MF" and birth <= date(2026, 1, 1)

    @given(st.dates(min_value=date(1920, 1, 1), max_value=date(2025, 12, 31)), st.integers(0, 999))
    def test_made_numbers_validate(self, birth: date, seq: int) -> None:
        number = idcard.make("230102", birth, seq)
        assert idcard.validate(number, today=date(2026, 1, 1))[1] == birth


class TestPinyin:
    @pytest.mark.parametrize(
        ("name", "full", "initials"),
        [
            ("张三", "zhangsan", "zs"),
            ("单雄信", "shanxiongxin", "sxx"),
            ("曾国藩", "zengguofan", "zgf"),
            ("欧阳修", "ouyangxiu", "oyx"),
            ("李长寿", "lichangshou", "lcs"),
        ],
    )
    def test_surname_aware_pinyin(self, name: str, full: str, initials: str) -> None:
        assert name_pinyin(name) == (full, initials)


class TestCrypto:
    def test_round_trip_and_randomized_ciphertext(self) -> None:
        a, b = crypto.encrypt("230102199001011234"), crypto.encrypt("230102199001011234")
        assert a != b
        assert crypto.decrypt(a) == crypto.decrypt(b) == "230102199001011234"
        assert "230102" not in a

    def test_tampered_ciphertext_is_rejected(self) -> None:
        import base64

        raw = bytearray(base64.b64decode(crypto.encrypt("13800001234")))
        raw[15] ^= 1
        with pytest.raises(Exception):  # noqa: B017 — cryptography's InvalidTag
            crypto.decrypt(base64.b64encode(bytes(raw)).decode())

    def test_blind_index_is_case_insensitive_and_keyed(self) -> None:
        assert crypto.blind_index("11010519491231002x") == crypto.blind_index("11010519491231002X")
        assert len(crypto.blind_index("x")) == 64

    def test_mask(self) -> None:
        assert crypto.mask("11010519491231002X", 4, 4) == "1101**********002X"
        assert crypto.mask("13800001234", 3, 4) == "138****1234"


@pytest.mark.django_db
class TestCalendar:
    def test_official_holidays_and_makeup_days(self) -> None:
        assert calendar.day_kind(date(2026, 10, 1)) == (False, "chinese-calendar")  # National Day
        assert calendar.is_workday(date(2026, 9, 29)) is True

    def test_years_without_official_data_fall_back(self) -> None:
        from zugong.core.models import Holiday

        assert calendar.day_kind(date(2031, 10, 1)) == (True, "weekdays")  # a Wednesday, no data
        Holiday.objects.create(date=date(2031, 10, 1), name="国庆节", is_workday=False)
        assert calendar.day_kind(date(2031, 10, 1)) == (False, "holiday-table")

    def test_add_workdays_skips_the_national_day_holiday(self) -> None:
        # 2026-09-30 (Wed) + 1 working day: 10-01..10-07 are holidays, 10-08 is a working day.
        assert calendar.add_workdays(date(2026, 9, 30), 1) == date(2026, 10, 8)
        assert calendar.workdays_between(date(2026, 9, 30), date(2026, 10, 8)) == 1

    def test_add_months_keeps_the_day_or_takes_the_months_last(self) -> None:
        assert calendar.add_months(date(2026, 3, 1), 24) == date(2028, 3, 1)
        assert calendar.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
        assert calendar.add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
        assert calendar.add_months(date(2026, 11, 30), 14) == date(2028, 1, 30)
