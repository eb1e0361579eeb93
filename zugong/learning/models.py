"""学、考 of organization cadres: study sessions, training classes and enrolments (轮训 coverage), the
question bank, exams and attempts. Records belong to the unit that held them (scope_field); a cadre's own
attempts are read by the cadre (the account linked to the roster entry), never by role scope alone."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedQuerySet, paths_q, perm_name

# ---------------------------------------------------------------- study


class StudyKind(models.Model):
    """A kind of study session (中心组学习, 党课 …): a configurable list, seeded from the seeds' wording.
    `code` is stable (indicators count 党课 by it); the name is what people see."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("学习形式")
        verbose_name_plural = _("学习形式")

    def __str__(self) -> str:
        return self.name


class StudySession(models.Model):
    """One study session held by a unit (中心组学习、党课、报告会 …) with the cadres who attended."""

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="study_sessions", verbose_name=_("组织单位"))
    kind = models.ForeignKey(StudyKind, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("学习形式"))
    date = models.DateField(_("日期"), db_index=True)
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1)
    topic = models.CharField(_("主题"), max_length=200)
    speaker = models.CharField(_("主讲人"), max_length=100, blank=True, default="")
    place = models.CharField(_("地点"), max_length=100, blank=True, default="")
    summary = models.TextField(_("内容摘要"), blank=True, default="")
    attendees = models.ManyToManyField("people.Cadre", through="StudyAttendance", related_name="study_sessions", verbose_name=_("参加人员"))
    files = models.ManyToManyField("core.StoredFile", blank=True, related_name="+", verbose_name=_("学习材料"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["org_unit", "date"], include=["kind"], name="learning_study_org_date_idx")]
        verbose_name = _("学习活动")
        verbose_name_plural = _("学习活动")

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("learning:study_detail", args=[self.pk])


class StudyAttendance(models.Model):
    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendance")
    cadre = models.ForeignKey("people.Cadre", on_delete=models.CASCADE, related_name="study_attendance")

    objects = ScopedQuerySet.as_manager()
    scope_field = "session__org_unit"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "cadre"], name="learning_attendance_unique")]
        verbose_name = _("参加学习")
        verbose_name_plural = _("参加学习")

    def __str__(self) -> str:
        return f"{self.cadre_id} @ {self.session_id}"


class StudyRequirement(models.Model):
    """Required study hours a year for cadres of a rank, set by a unit for its subtree; the nearest
    unit's setting wins (a county may ask more than the province)."""

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("设置单位"))
    rank = models.CharField(_("职级"), max_length=20, blank=True, default="", help_text=_("留空表示所有职级"))
    hours = models.DecimalField(_("每年应完成学时"), max_digits=5, decimal_places=1)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org_unit", "rank"], name="learning_requirement_unique")]
        verbose_name = _("学时要求")
        verbose_name_plural = _("学时要求")

    def __str__(self) -> str:
        return f"{self.rank or '全部'} {self.hours}"


# ---------------------------------------------------------------- training


class TrainingClass(models.Model):
    """A training class (培训班, counted in 期) with its course menu (点训) and enrolments (人次)."""

    class Kind(models.TextChoices):
        TOPICAL = "topical", _("专题培训")
        ROTATION = "rotation", _("轮训")
        SUMMONED = "summoned", _("上级调训")
        ABROAD = "abroad", _("境外培训")
        ONLINE = "online", _("网络培训")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="training_classes", verbose_name=_("主办单位"))
    title = models.CharField(_("培训班名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    start_date = models.DateField(_("开班日期"), db_index=True)
    end_date = models.DateField(_("结业日期"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    place = models.CharField(_("地点"), max_length=100, blank=True, default="")
    description = models.TextField(_("培训内容"), blank=True, default="")
    capacity = models.PositiveIntegerField(_("计划人数"), null=True, blank=True)
    open_enrolment = models.BooleanField(_("开放报名（点训）"), default=False,
                                         help_text=_("开放后，主办单位及下级的组工干部可自行报名、选课"))
    files = models.ManyToManyField("core.StoredFile", blank=True, related_name="+", verbose_name=_("附件"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["org_unit", "start_date"], include=["kind"], name="learning_class_org_start_idx")]
        verbose_name = _("培训班")
        verbose_name_plural = _("培训班")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:class_detail", args=[self.pk])


class TrainingCourse(models.Model):
    """A course on a class's menu that cadres may pick (菜单式点训)."""

    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="courses", verbose_name=_("培训班"))
    title = models.CharField(_("课程"), max_length=200)
    teacher = models.CharField(_("授课人"), max_length=100, blank=True, default="")
    date = models.DateField(_("日期"), null=True, blank=True)
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1, default=0)
    capacity = models.PositiveIntegerField(_("限额"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "training_class__org_unit"

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("课程")
        verbose_name_plural = _("课程")

    def __str__(self) -> str:
        return self.title


class PersonUnitQuerySet(ScopedQuerySet):
    """Rows about a person (an enrolment, a sitting) are read by the holding unit's subtree (scope_field) and, for
    viewing, also by the subtree of the person's own unit (`person_unit`): a county sees its cadres' training at
    the city's class and their sittings of the province's exam, not the other counties' cadres."""

    person_unit = "cadre__org_unit"

    def scope_q(self, user: Any, action: str = "view") -> Q:
        from zugong.accounts.access import scope_paths

        q = super().scope_q(user, action)
        if action == "view":
            q |= paths_q(f"{self.person_unit}__path", scope_paths(user, perm_name(self.model, "view")))
        return q


class Enrollment(models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("已报名")
        COMPLETED = "completed", _("已结业")
        ABSENT = "absent", _("未参加")

    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("培训班"))
    cadre = models.ForeignKey("people.Cadre", on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("学员"))
    courses = models.ManyToManyField(TrainingCourse, blank=True, related_name="enrollments", verbose_name=_("所选课程"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ENROLLED)
    score = models.DecimalField(_("成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    completed_on = models.DateField(_("结业日期"), null=True, blank=True, db_index=True)
    self_enrolled = models.BooleanField(_("本人报名"), default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("报名时间"), auto_now_add=True)

    objects = PersonUnitQuerySet.as_manager()
    scope_field = "training_class__org_unit"

    class Meta:
        ordering = ["training_class_id", "cadre__name_pinyin", "id"]
        constraints = [models.UniqueConstraint(fields=["training_class", "cadre"], name="learning_enrollment_unique")]
        indexes = [models.Index(fields=["cadre", "status", "completed_on"], name="learning_enrol_cadre_idx")]
        verbose_name = _("报名")
        verbose_name_plural = _("报名")

    def __str__(self) -> str:
        return f"{self.cadre} @ {self.training_class}"


class CoverageRule(models.Model):
    """"每两年把所有组工干部轮训一遍": every cadre completes a training within `window_months`; set by a
    unit for its subtree (the nearest setting wins); `due_months` before the end a cadre is listed as due."""

    org_unit = models.OneToOneField("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("设置单位"))
    window_months = models.PositiveSmallIntegerField(_("轮训周期（月）"), default=24)
    due_months = models.PositiveSmallIntegerField(_("提前提醒（月）"), default=3)
    kinds = models.JSONField(_("计入的培训类型"), default=list, blank=True, help_text=_("留空表示各类培训都计入"))

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        verbose_name = _("轮训规则")
        verbose_name_plural = _("轮训规则")

    def __str__(self) -> str:
        return f"{self.window_months}个月轮训一遍"


# ---------------------------------------------------------------- question bank


class QuestionBank(models.Model):
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="question_banks", verbose_name=_("所属单位"))
    name = models.CharField(_("题库名称"), max_length=100)
    description = models.CharField(_("说明"), max_length=300, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["org_unit__path", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["org_unit", "name"], name="learning_bank_unique_name")]
        verbose_name = _("题库")
        verbose_name_plural = _("题库")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("learning:bank_detail", args=[self.pk])


class QuestionQuerySet(ScopedQuerySet):
    """Questions are read and written under their bank's permissions (view / change the question bank)."""

    def scope_q(self, user: Any, action: str = "view") -> Q:
        from zugong.accounts.access import scope_paths

        perm = "learning.view_questionbank" if action == "view" else "learning.change_questionbank"
        return paths_q("bank__org_unit__path", scope_paths(user, perm))


class Question(models.Model):
    """A question. `options` are the choice texts in authored order; `answer` holds the key: option
    indexes as strings ("0", "2") for choice questions, "T"/"F" for 判断, and for 填空 one entry per blank
    with alternatives separated by "|". The key never leaves the server before an attempt is submitted."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("单选")
        MULTIPLE = "multiple", _("多选")
        JUDGE = "judge", _("判断")
        FILL = "fill", _("填空")

    class Difficulty(models.IntegerChoices):
        EASY = 1, _("容易")
        MEDIUM = 2, _("中等")
        HARD = 3, _("较难")

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions", verbose_name=_("题库"))
    kind = models.CharField(_("题型"), max_length=10, choices=Kind.choices)
    category = models.CharField(_("分类/知识点"), max_length=50, blank=True, default="")
    difficulty = models.PositiveSmallIntegerField(_("难度"), choices=Difficulty.choices, default=Difficulty.MEDIUM)
    text = models.TextField(_("题干"))
    options = models.JSONField(_("选项"), default=list, blank=True)
    answer = models.JSONField(_("答案"), default=list)
    explanation = models.TextField(_("解析"), blank=True, default="")
    is_active = models.BooleanField(_("启用"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = QuestionQuerySet.as_manager()
    scope_field = "bank__org_unit"

    class Meta:
        ordering = ["bank_id", "id"]
        indexes = [models.Index(fields=["bank", "category", "difficulty", "kind"], name="learning_question_draw_idx")]
        verbose_name = _("试题")
        verbose_name_plural = _("试题")

    def __str__(self) -> str:
        return self.text[:40]


# ---------------------------------------------------------------- exams


class Exam(models.Model):
    """An online test (知识测试): a paper drawn per attempt by the rules, a time limit kept by the server,
    a window, allowed attempts, a pass score, and the units whose cadres take it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        CLOSED = "closed", _("已结束")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="exams", verbose_name=_("组织单位"))
    title = models.CharField(_("考试名称"), max_length=200)
    description = models.TextField(_("考试说明"), blank=True, default="")
    target_units = models.ManyToManyField("orgs.OrgUnit", related_name="+", verbose_name=_("参考单位"),
                                          help_text=_("这些单位及其下级的组工干部可以参加"))
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("截止时间"))
    time_limit = models.PositiveSmallIntegerField(_("答题时长（分钟）"))
    attempts_allowed = models.PositiveSmallIntegerField(_("允许作答次数"), default=1)
    pass_score = models.DecimalField(_("及格分"), max_digits=5, decimal_places=1)
    shuffle_options = models.BooleanField(_("选项乱序"), default=True)
    show_key_after = models.BooleanField(_("交卷后显示答案和解析"), default=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("考试")
        verbose_name_plural = _("考试")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:exam_detail", args=[self.pk])


class PaperRule(models.Model):
    """Draw `count` questions from a bank, optionally of one category, difficulty and type, each worth `points`."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="rules", verbose_name=_("考试"))
    bank = models.ForeignKey(QuestionBank, on_delete=models.PROTECT, related_name="+", verbose_name=_("题库"))
    category = models.CharField(_("分类/知识点"), max_length=50, blank=True, default="")
    difficulty = models.PositiveSmallIntegerField(_("难度"), choices=Question.Difficulty.choices, null=True, blank=True)
    kind = models.CharField(_("题型"), max_length=10, choices=Question.Kind.choices, blank=True, default="")
    count = models.PositiveSmallIntegerField(_("题数"))
    points = models.DecimalField(_("每题分值"), max_digits=4, decimal_places=1)

    objects = ScopedQuerySet.as_manager()
    scope_field = "exam__org_unit"

    class Meta:
        ordering = ["exam_id", "id"]
        verbose_name = _("组卷规则")
        verbose_name_plural = _("组卷规则")

    def __str__(self) -> str:
        return f"{self.count}题 × {self.points}分"


class AttemptQuerySet(PersonUnitQuerySet):
    """Sittings: the organizer's subtree and the taker's unit's subtree (results, pass rates); the taking pages
    read a person's own sittings by `user` (own), never through this scope."""

    person_unit = "org_unit"

    def own(self, user: Any) -> AttemptQuerySet:
        return self.filter(user=user) if getattr(user, "pk", None) else self.none()


class Attempt(models.Model):
    """One sitting of an exam by a cadre. `paper` is the drawn paper: a list of
    {"q": question id, "o": option order (authored indexes in display order), "p": points}; `answers`
    is the autosaved state keyed by position (authored indexes / "T"/"F" / blank texts). On submission
    the graded answers are written as AttemptAnswer rows and the score frozen."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("答题中")
        SUBMITTED = "submitted", _("已交卷")
        TIMED_OUT = "timed_out", _("超时自动交卷")

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("考试"))
    cadre = models.ForeignKey("people.Cadre", on_delete=models.CASCADE, related_name="attempts", verbose_name=_("考生"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attempts")
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("考生单位"))
    number = models.PositiveSmallIntegerField(_("第几次"))
    paper = models.JSONField(default=list)
    answers = models.JSONField(default=dict)
    started_at = models.DateTimeField(_("开始时间"))
    deadline_at = models.DateTimeField(_("截止时间"))
    submitted_at = models.DateTimeField(_("交卷时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=1, null=True, blank=True)
    max_score = models.DecimalField(_("满分"), max_digits=6, decimal_places=1)
    passed = models.BooleanField(_("及格"), null=True)
    version = models.PositiveIntegerField(default=1)

    objects = AttemptQuerySet.as_manager()
    scope_field = "exam__org_unit"

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["exam", "cadre", "number"], name="learning_attempt_unique")]
        indexes = [models.Index(fields=["exam", "org_unit"], include=["status", "passed", "score"], name="learning_attempt_exam_unit_idx"),
                   models.Index(fields=["user", "exam"], name="learning_attempt_user_idx")]
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")

    def __str__(self) -> str:
        return f"{self.exam} · {self.cadre} · 第{self.number}次"


class AttemptAnswer(models.Model):
    """A graded answer of a submitted attempt (per-question correct rates are a GROUP BY over these)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="graded")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    answer = models.JSONField(default=list)
    correct = models.BooleanField()
    points = models.DecimalField(max_digits=4, decimal_places=1)


    objects = ScopedQuerySet.as_manager()
    scope_field = "attempt__exam__org_unit"
    class Meta:
        ordering = ["attempt_id", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="learning_answer_unique")]
        indexes = [models.Index(fields=["question"], include=["correct"], name="learning_answer_question_idx")]
        verbose_name = _("作答")
        verbose_name_plural = _("作答")

    def __str__(self) -> str:
        return f"{self.attempt_id}#{self.position}"


# ---------------------------------------------------------------- contests and writings (评)


class Contest(models.Model):
    """An essay contest (征文): entries submitted by cadres through their units, read blind by judges (no
    name, no unit on the judge's page), scored, then awarded in tiers whose counts the organizer sets."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("征集中")
        REVIEWING = "reviewing", _("评审中")
        PUBLISHED = "published", _("已公布结果")

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="contests", verbose_name=_("主办单位"))
    title = models.CharField(_("征文名称"), max_length=200)
    theme = models.CharField(_("主题"), max_length=200, blank=True, default="")
    description = models.TextField(_("征文通知"), blank=True, default="")
    opens_on = models.DateField(_("征集开始"))
    closes_on = models.DateField(_("征集截止"))
    judges = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="judged_contests", verbose_name=_("评委"))
    tiers = models.JSONField(_("奖项设置"), default=dict, help_text=_('各等次名额，如 {"first": 5, "second": 10, "third": 20, "excellence": 30}'))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("征文活动")
        verbose_name_plural = _("征文活动")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:contest_detail", args=[self.pk])


class ContestEntry(models.Model):
    """An entry (参赛作品). `code` is the blind number judges see instead of the author and unit."""

    class Award(models.TextChoices):
        FIRST = "first", _("一等奖")
        SECOND = "second", _("二等奖")
        THIRD = "third", _("三等奖")
        EXCELLENCE = "excellence", _("优秀奖")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries", verbose_name=_("征文活动"))
    cadre = models.ForeignKey("people.Cadre", on_delete=models.PROTECT, related_name="contest_entries", verbose_name=_("作者"))
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("报送单位"))
    title = models.CharField(_("题目"), max_length=200)
    code = models.CharField(_("作品编号"), max_length=12)
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+", verbose_name=_("作品文件"))
    submitted_at = models.DateTimeField(_("报送时间"), auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("平均分"), max_digits=5, decimal_places=2, null=True, blank=True)
    award = models.CharField(_("奖项"), max_length=12, choices=Award.choices, blank=True, default="")
    awarded_on = models.DateField(_("获奖日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["contest_id", "code"]
        constraints = [models.UniqueConstraint(fields=["contest", "code"], name="learning_entry_code_unique"),
                       models.UniqueConstraint(fields=["contest", "cadre", "title"], name="learning_entry_once")]
        verbose_name = _("征文作品")
        verbose_name_plural = _("征文作品")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class EntryReview(models.Model):
    """A judge's score of an entry (0-100) with a comment; one per judge and entry."""

    entry = models.ForeignKey(ContestEntry, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("作品"))
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("评委"))
    score = models.DecimalField(_("评分"), max_digits=5, decimal_places=1)
    comment = models.CharField(_("评语"), max_length=500, blank=True, default="")
    reviewed_at = models.DateTimeField(_("评分时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "entry__contest__org_unit"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "judge"], name="learning_review_once")]
        verbose_name = _("评分")
        verbose_name_plural = _("评分")

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.score}"


class Writing(models.Model):
    """A cadre's own writing for a period: a reading record (月读一本好书), a 党性分析材料 or a 心得体会,
    read by a reviewer of the cadre's unit who comments on it (or returns it for rework)."""

    class Kind(models.TextChoices):
        READING = "reading", _("读书笔记")
        PARTY_SPIRIT = "party_spirit", _("党性分析材料")
        REFLECTION = "reflection", _("心得体会")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已提交")
        REVIEWED = "reviewed", _("已阅")
        RETURNED = "returned", _("退回修改")

    cadre = models.ForeignKey("people.Cadre", on_delete=models.CASCADE, related_name="writings", verbose_name=_("干部"))
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("所在单位"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    period = models.CharField(_("期间"), max_length=7, help_text=_("如 2026-11（月）或 2026-H2（半年）、2026（年）"))
    title = models.CharField(_("题目"), max_length=200)
    book = models.CharField(_("书名"), max_length=200, blank=True, default="")
    content = models.TextField(_("内容"))
    file = models.ForeignKey("core.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("附件"))
    submitted_on = models.DateField(_("提交日期"), db_index=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("审阅人"))
    review_comment = models.CharField(_("审阅意见"), max_length=1000, blank=True, default="")
    reviewed_at = models.DateTimeField(_("审阅时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    scope_field = "org_unit"

    class Meta:
        ordering = ["-submitted_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["cadre", "kind", "period"], name="learning_writing_once_per_period")]
        indexes = [models.Index(fields=["org_unit", "submitted_on"], include=["kind"], name="learning_writing_org_day_idx")]
        verbose_name = _("学习心得和党性分析材料")
        verbose_name_plural = _("学习心得和党性分析材料")

    def __str__(self) -> str:
        return f"{self.cadre} {self.get_kind_display()} {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("learning:writing_detail", args=[self.pk])
