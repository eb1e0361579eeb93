"""宣传报道 figures counted from the media report register: reports in total and per media level, at the unit
whose work they report, by the date carried."""

from zugong.stats.registry import Indicator, register

from .models import MediaReport

GROUP = "宣传报道"
LEVEL = MediaReport.Level

register(
    Indicator("publicity.reports", "宣传报道", "篇", MediaReport, date_field="date", group=GROUP,
              description="各级媒体刊播的组织工作报道，按报道单位、刊播日期计"),
    Indicator("publicity.reports_central", "宣传报道（中央媒体）", "篇", MediaReport, date_field="date", group=GROUP,
              filters={"media_level": LEVEL.CENTRAL}),
    Indicator("publicity.reports_provincial", "宣传报道（省部级媒体）", "篇", MediaReport, date_field="date", group=GROUP,
              filters={"media_level": LEVEL.PROVINCIAL}),
    Indicator("publicity.reports_city", "宣传报道（市级媒体）", "篇", MediaReport, date_field="date", group=GROUP,
              filters={"media_level": LEVEL.CITY}),
    Indicator("publicity.reports_county", "宣传报道（县级媒体）", "篇", MediaReport, date_field="date", group=GROUP,
              filters={"media_level": LEVEL.COUNTY}),
    # the seeds count cumulatively: 市级以上 includes 省部级 and 中央, 省部级以上 includes 中央
    Indicator("publicity.reports_city_up", "市级以上媒体宣传报道", "篇", MediaReport, date_field="date", group=GROUP,
              filters={"media_level__in": [LEVEL.CITY, LEVEL.PROVINCIAL, LEVEL.CENTRAL]}),
    Indicator("publicity.reports_provincial_up", "省部级以上媒体宣传报道", "篇", MediaReport, date_field="date", group=GROUP,
              filters={"media_level__in": [LEVEL.PROVINCIAL, LEVEL.CENTRAL]}),
)
