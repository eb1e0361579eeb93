"""学、考 figures counted from the records (数出一源): study sessions and attendance, training classes (期)
and person-times (人次), training coverage (轮训覆盖率), exams, participants and pass rates.

Who counts what: a session, a class or an exam counts at the unit that held it; people (cadres trained,
cadres who sat or passed a test) count at the cadre's own unit, so a county's coverage includes its cadres
trained at the city's class."""

from zugong.learning.models import (
    ContestEntry,
    Enrollment,
    Exam,
    StudyAttendance,
    StudySession,
    TrainingClass,
    Writing,
)
from zugong.people.models import Cadre
from zugong.people.selectors import ON_ROLL
from zugong.stats.registry import Indicator, register

GROUP = "学习培训"
DONE = ["submitted", "timed_out"]

register(
    Indicator("learning.study_sessions", "学习活动", "次", StudySession, date_field="date", group=GROUP,
              description="中心组学习、集中学习、报告会、党课、座谈讨论等，按组织单位计"),
    Indicator("learning.central_group_sessions", "中心组学习", "次", StudySession, date_field="date", group=GROUP,
              filters={"kind__code": "central_group"}),
    Indicator("learning.party_lectures", "党课", "次", StudySession, date_field="date", group=GROUP, filters={"kind__code": "party_lecture"}),
    Indicator("learning.discussions", "座谈讨论", "次", StudySession, date_field="date", group=GROUP, filters={"kind__code": "discussion"}),
    Indicator("learning.study_person_times", "参加学习", "人次", StudyAttendance, date_field="session__date", group=GROUP),
    Indicator("learning.training_classes", "举办培训班", "期", TrainingClass, date_field="start_date", group=GROUP,
              description="按主办单位、开班日期计"),
    Indicator("learning.training_person_times", "培训组工干部", "人次", Enrollment, date_field="completed_on", group=GROUP,
              filters={"status": Enrollment.Status.COMPLETED}, description="结业人次，按主办单位计"),
    Indicator("learning.cadres_trained", "参加培训的组工干部", "人", Cadre, aggregate="distinct", field="id", group=GROUP,
              date_field="enrollments__completed_on", filters={"enrollments__status": Enrollment.Status.COMPLETED, "status__in": ON_ROLL},
              description="期间内至少结业一期培训的在册组工干部，按干部所在单位计"),
    Indicator("learning.training_coverage", "组工干部轮训覆盖率", "%", aggregate="ratio", numerator="learning.cadres_trained",
              denominator="people.headcount", group=GROUP,
              description="期间内参加培训的在册组工干部 ÷ 在册组工干部；期间取两年即“每两年轮训一遍”的完成情况"),
    Indicator("learning.exams", "组织知识测试", "次", Exam, date_field="starts_at", group=GROUP,
              filters={"status__in": [Exam.Status.PUBLISHED, Exam.Status.CLOSED]}),
    Indicator("learning.exam_participants", "参加知识测试人数", "人", Cadre, aggregate="distinct", field="id", group=GROUP,
              date_field="attempts__submitted_at", filters={"attempts__status__in": DONE},
              description="期间内交卷的组工干部（同一人多次作答计一人），按干部所在单位计"),
    Indicator("learning.exam_passed", "知识测试合格人数", "人", Cadre, aggregate="distinct", field="id", group=GROUP,
              date_field="attempts__submitted_at", filters={"attempts__passed": True}),
    Indicator("learning.essays", "征文作品", "篇", ContestEntry, date_field="submitted_at", group=GROUP,
              description="报送的征文作品，按作者所在单位计"),
    Indicator("learning.essay_awards", "征文获奖", "篇", ContestEntry, date_field="awarded_on", group=GROUP,
              filters={"award__gt": ""}, description="公布结果时获一、二、三等奖和优秀奖的作品"),
    Indicator("learning.party_spirit_reports", "党性分析材料", "份", Writing, date_field="submitted_on", group=GROUP,
              filters={"kind": Writing.Kind.PARTY_SPIRIT}),
    Indicator("learning.reading_records", "读书笔记", "份", Writing, date_field="submitted_on", group=GROUP,
              filters={"kind": Writing.Kind.READING}, description="“月读一本好书”的读书笔记"),
    Indicator("learning.exam_pass_rate", "知识测试合格率", "%", aggregate="ratio", numerator="learning.exam_passed",
              denominator="learning.exam_participants", group=GROUP),
)
