"""制度建设 figures counted from the rules library: versions 新建 and 修订 by their effective date, rules repealed
by the repeal date, and the rules in force now. Each counts at the issuing unit, so the province breaks them down by city."""

from zugong.regulations.models import Rule, RuleVersion
from zugong.stats.registry import Indicator, register

GROUP = "制度建设"

register(
    Indicator("regulations.new", "新建制度", "项", RuleVersion, date_field="effective_on", group=GROUP,
              filters={"kind": RuleVersion.Kind.NEW}, description="新建的制度（第1版），按制定单位、施行日期计"),
    Indicator("regulations.revised", "修订完善制度", "项", RuleVersion, date_field="effective_on", group=GROUP,
              filters={"kind": RuleVersion.Kind.REVISED}, description="制度的修订版本，按制定单位、修订版施行日期计（一项制度修订两次计两项）"),
    Indicator("regulations.repealed", "废止制度", "项", Rule, date_field="repealed_on", group=GROUP,
              filters={"status": Rule.Status.REPEALED}, description="按制定单位、废止日期计"),
    Indicator("regulations.in_force", "现行制度", "项", Rule, group=GROUP, filters={"status": Rule.Status.IN_FORCE},
              description="未废止的制度（当前状态，简报签发时冻结）"),
)
