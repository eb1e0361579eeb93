from typing import Any

from zugong.core.menu import MenuItem, register


def _personal(user: Any) -> bool:
    """Personal pages (a cadre's own exams, training, card) are for business accounts, not the 三员."""
    return not user.admin_role


register(
    "学习培训",
    MenuItem("我的考试", "learning:my_exams", icon="writing", check=_personal, order=5),
    MenuItem("我的学习培训", "learning:mytraining", icon="school", check=_personal, order=6),
    MenuItem("我的学习心得", "learning:mywritings", icon="notebook", check=_personal, order=7),
    MenuItem("我的征文", "learning:mycontests", icon="pencil", check=_personal, order=8),
    MenuItem("征文评审", "learning:judge_list", icon="gavel", check=_personal, order=9),
    MenuItem("学习活动", "learning:study_list", icon="book", perm="learning.view_studysession", order=10),
    MenuItem("学时统计", "learning:hours", icon="clock-hour-4", perm="learning.view_studysession", order=20),
    MenuItem("培训班", "learning:class_list", icon="presentation", perm="learning.view_trainingclass", order=30),
    MenuItem("轮训覆盖", "learning:coverage", icon="chart-pie", perm="learning.view_enrollment", order=40),
    MenuItem("题库", "learning:bank_list", icon="database", perm="learning.view_questionbank", order=50),
    MenuItem("考试", "learning:exam_list", icon="list-check", perm="learning.view_exam", order=60),
    MenuItem("征文", "learning:contest_list", icon="award", perm="learning.view_contest", order=65),
    MenuItem("学习心得和党性分析", "learning:writing_list", icon="file-text", perm="learning.view_writing", order=70),
    order=14,
)
