"""The question bank (题库): banks per unit, questions added and edited one by one, switched off and on,
and the one check of a question's data that the form and both importers (xlsx, docx) share.

People write answers the way they read them — "A", "ACD", 对/错, one line per blank with alternatives
separated by "|" — and `check_question` turns them into what `Question` stores (its docstring): option
indexes as strings, "T"/"F", one "a|b" entry per blank."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from zugong.accounts.access import require_at
from zugong.audit.services import record, snapshot
from zugong.core.errors import ValidationError
from zugong.core.params import int_param
from zugong.core.scope import paths_q
from zugong.core.versioning import update_versioned
from zugong.learning.models import Question, QuestionBank
from zugong.orgs.models import OrgUnit

VIEW = "learning.view_questionbank"
CHANGE = "learning.change_questionbank"

LETTERS = "ABCDEFGH"
MAX_OPTIONS = len(LETTERS)
MAX_TEXT = 2000
MAX_OPTION = 500
MAX_EXPLANATION = 5000
MAX_CATEGORY = 50

FIELD_LABELS = {"kind": "题型", "category": "分类/知识点", "difficulty": "难度", "text": "题干", "options": "选项",
                "answer": "答案", "explanation": "解析"}

MSG_BANK_NAME = "请填写题库名称"
MSG_BANK_DUP = "本单位已有同名题库"
MSG_KIND = "题型应为：单选、多选、判断、填空"
MSG_DIFFICULTY = "难度应为：容易、中等、较难"
MSG_TEXT = "请填写题干"
MSG_TEXT_LONG = f"题干不能超过{MAX_TEXT}个字"
MSG_CATEGORY_LONG = f"分类/知识点不能超过{MAX_CATEGORY}个字"
MSG_EXPLANATION_LONG = f"解析不能超过{MAX_EXPLANATION}个字"
MSG_FEW_OPTIONS = "选择题至少要有 2 个选项"
MSG_MANY_OPTIONS = f"最多 {MAX_OPTIONS} 个选项（A–H）"
MSG_NO_OPTIONS = "判断题和填空题不填选项"
MSG_ANSWER = "请填写答案"
MSG_ANSWER_LETTERS = "选择题的答案应为选项字母，如 A 或 ACD"
MSG_SINGLE = "单选题的答案只能是一个选项"
MSG_MULTIPLE = "多选题的答案至少要有两个选项"
MSG_JUDGE = "判断题的答案应为“对”或“错”"
MSG_FILL = "填空题至少要有一个空的答案"

KIND_BY_LABEL = {"单选": Question.Kind.SINGLE, "单选题": Question.Kind.SINGLE, "单项选择": Question.Kind.SINGLE,
                 "单项选择题": Question.Kind.SINGLE, "多选": Question.Kind.MULTIPLE, "多选题": Question.Kind.MULTIPLE,
                 "多项选择": Question.Kind.MULTIPLE, "多项选择题": Question.Kind.MULTIPLE, "判断": Question.Kind.JUDGE,
                 "判断题": Question.Kind.JUDGE, "填空": Question.Kind.FILL, "填空题": Question.Kind.FILL}
DIFFICULTY_BY_LABEL = {"容易": 1, "简单": 1, "中等": 2, "一般": 2, "较难": 3, "困难": 3, "难": 3}
TRUE_WORDS = {"对", "正确", "√", "✓", "✔", "T", "TRUE", "是", "Y"}
FALSE_WORDS = {"错", "错误", "×", "✗", "✘", "X", "F", "FALSE", "否", "N"}
CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE)
_LETTER_SEPARATORS = re.compile(r"[\s,，、;；.．/]+")
_BLANK_SEPARATORS = re.compile(r"[\n；;]")


@dataclass
class QuestionInput:
    """One question's data checked and in stored form, ready for `Question(**...)`."""

    kind: str
    category: str
    difficulty: int
    text: str
    options: list[str] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)
    explanation: str = ""

    def as_fields(self) -> dict[str, Any]:
        return {"kind": self.kind, "category": self.category, "difficulty": self.difficulty, "text": self.text,
                "options": self.options, "answer": self.answer, "explanation": self.explanation}


# ---------------------------------------------------------------- scope


def visible_questions(user: Any, action: str = "view") -> Any:
    """Questions are read and written with their bank's permissions ("view" / "change" on the bank's unit
    subtree): no role holds a separate question permission, so `Question.objects.visible_to` would be empty."""
    from zugong.accounts.access import scope_paths

    perm = VIEW if action == "view" else CHANGE
    return Question.objects.filter(paths_q("bank__org_unit__path", scope_paths(user, perm)))


# ---------------------------------------------------------------- reading people's writing


def kind_code(raw: Any) -> str | None:
    """"单选" / "单选题" / "single" -> "single"; "" -> ""; anything else -> None."""
    text = str(raw or "").strip().strip("【】[]")
    if not text:
        return ""
    if text in Question.Kind.values:
        return text
    return KIND_BY_LABEL.get(text)


def difficulty_code(raw: Any) -> int | None:
    """1/2/3 or 容易/中等/较难; blank means 中等; anything else None."""
    if raw is None or str(raw).strip() == "":
        return int(Question.Difficulty.MEDIUM)
    if isinstance(raw, int | float) and not isinstance(raw, bool) and int(raw) == raw and int(raw) in (1, 2, 3):
        return int(raw)
    text = str(raw).strip()
    n = int_param(text, max_digits=1)
    if n in (1, 2, 3):
        return n
    return DIFFICULTY_BY_LABEL.get(text)


def answer_letters(raw: str) -> str | None:
    """"A", "acd", "A、C、D", "A,C" -> "ACD" (sorted, once each); None when anything but letters A–H is there."""
    text = _LETTER_SEPARATORS.sub("", raw).upper()
    if not text or any(c not in LETTERS for c in text):
        return None
    return "".join(sorted(set(text)))


def judge_value(raw: str) -> str | None:
    text = raw.strip().upper()
    if text in TRUE_WORDS:
        return "T"
    if text in FALSE_WORDS:
        return "F"
    return None


def split_blanks(raw: str) -> list[str]:
    """Fill answers: one blank per line (or separated by "；"), alternatives of a blank separated by "|"."""
    blanks = []
    for part in _BLANK_SEPARATORS.split(raw):
        alternatives = [a.strip() for a in part.replace("｜", "|").split("|")]
        alternatives = [a for a in alternatives if a]
        if alternatives:
            blanks.append("|".join(alternatives))
    return blanks


def infer_kind(options: list[str], answer: str) -> str:
    """题型 when none is given: options + one letter = 单选, several letters = 多选, 对/错 = 判断, else 填空."""
    if any(o.strip() for o in options):
        letters = answer_letters(answer)
        return Question.Kind.MULTIPLE if letters and len(letters) > 1 else Question.Kind.SINGLE
    if judge_value(answer) is not None:
        return Question.Kind.JUDGE
    return Question.Kind.FILL


def answer_text(question: Question) -> str:
    """The stored key as people write it (the edit form, the bank page): "ACD", 对, blanks one per line."""
    if question.kind in CHOICE_KINDS:
        return "".join(LETTERS[int(i)] for i in question.answer if str(i).isdigit() and int(i) < MAX_OPTIONS)
    if question.kind == Question.Kind.JUDGE:
        return {"T": "对", "F": "错"}.get(question.answer[0] if question.answer else "", "")
    return "\n".join(str(b) for b in question.answer)


def _option_errors(options: list[str]) -> tuple[list[str], str]:
    """Options in A–H order, trailing blanks dropped; a gap, a duplicate or a long option is an error."""
    cleaned = [str(o or "").strip() for o in options]
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    if len(cleaned) > MAX_OPTIONS:
        return cleaned, MSG_MANY_OPTIONS
    for i, o in enumerate(cleaned):
        if not o:
            return cleaned, f"选项{LETTERS[i]}是空的：选项要从 A 起依次填写，中间不能留空"
        if len(o) > MAX_OPTION:
            return cleaned, f"选项{LETTERS[i]}不能超过{MAX_OPTION}个字"
    seen: dict[str, int] = {}
    for i, o in enumerate(cleaned):
        if o in seen:
            return cleaned, f"选项重复：选项{LETTERS[seen[o]]}与选项{LETTERS[i]}相同"
        seen[o] = i
    return cleaned, ""


def check_question(data: dict[str, Any]) -> tuple[QuestionInput | None, dict[str, str]]:
    """Check one question as people wrote it and return it in stored form, or the errors by field
    (keys of FIELD_LABELS, Chinese messages). `data`: kind (code or label; blank = inferred), category,
    difficulty (1–3 or label; blank = 中等), text, options (list, A first), answer (text), explanation."""
    errors: dict[str, str] = {}
    text = str(data.get("text") or "").strip()
    category = str(data.get("category") or "").strip()
    explanation = str(data.get("explanation") or "").strip()
    answer_raw = str(data.get("answer") or "").strip()
    raw_options = [str(o or "") for o in (data.get("options") or [])]
    if not text:
        errors["text"] = MSG_TEXT
    elif len(text) > MAX_TEXT:
        errors["text"] = MSG_TEXT_LONG
    if len(category) > MAX_CATEGORY:
        errors["category"] = MSG_CATEGORY_LONG
    if len(explanation) > MAX_EXPLANATION:
        errors["explanation"] = MSG_EXPLANATION_LONG
    difficulty = difficulty_code(data.get("difficulty"))
    if difficulty is None:
        errors["difficulty"] = MSG_DIFFICULTY
    kind = kind_code(data.get("kind"))
    if kind == "":
        kind = infer_kind(raw_options, answer_raw)
    if kind is None:
        errors["kind"] = MSG_KIND
        return None, errors

    options: list[str] = []
    answer: list[str] = []
    if kind in CHOICE_KINDS:
        options, problem = _option_errors(raw_options)
        if problem:
            errors["options"] = problem
        elif len(options) < 2:
            errors["options"] = MSG_FEW_OPTIONS
        letters = answer_letters(answer_raw) if answer_raw else ""
        if not answer_raw:
            errors["answer"] = MSG_ANSWER
        elif letters is None:
            errors["answer"] = MSG_ANSWER_LETTERS
        elif kind == Question.Kind.SINGLE and len(letters) != 1:
            errors["answer"] = MSG_SINGLE
        elif kind == Question.Kind.MULTIPLE and len(letters) < 2:
            errors["answer"] = MSG_MULTIPLE
        elif "options" not in errors and (outside := [c for c in letters if LETTERS.index(c) >= len(options)]):
            errors["answer"] = f"答案中的{'、'.join(outside)}不在选项中（共 {len(options)} 个选项：A–{LETTERS[len(options) - 1]}）"
        else:
            answer = [str(LETTERS.index(c)) for c in letters]
    else:
        if any(o.strip() for o in raw_options):
            errors["options"] = MSG_NO_OPTIONS
        if kind == Question.Kind.JUDGE:
            value = judge_value(answer_raw)
            if value is None:
                errors["answer"] = MSG_ANSWER if not answer_raw else MSG_JUDGE
            else:
                answer = [value]
        else:
            answer = split_blanks(answer_raw)
            if not answer:
                errors["answer"] = MSG_FILL
            elif any(len(b) > MAX_OPTION for b in answer):
                errors["answer"] = f"每个空的答案不能超过{MAX_OPTION}个字"
    if errors:
        return None, errors
    assert difficulty is not None
    return QuestionInput(kind=kind, category=category, difficulty=difficulty, text=text, options=options, answer=answer,
                         explanation=explanation), {}


# ---------------------------------------------------------------- services


def _bank_errors(org_unit: OrgUnit, name: str, exclude: int | None = None) -> dict[str, str]:
    if not name:
        return {"name": MSG_BANK_NAME}
    if len(name) > 100:
        return {"name": "题库名称不能超过100个字"}
    dup = QuestionBank.objects.filter(org_unit=org_unit, name=name)
    if exclude is not None:
        dup = dup.exclude(pk=exclude)
    return {"name": MSG_BANK_DUP} if dup.exists() else {}


@transaction.atomic
def bank_create(*, actor: Any, org_unit: OrgUnit, name: str, description: str = "") -> QuestionBank:
    """A new, empty bank of the unit."""
    require_at(actor, CHANGE, org_unit.path)
    name, description = name.strip(), description.strip()[:300]
    errors = _bank_errors(org_unit, name)
    if errors:
        raise ValidationError(errors)
    bank = QuestionBank.objects.create(org_unit=org_unit, name=name, description=description, created_by=actor)
    record(action="questionbank.created", actor=actor, obj=bank, after=snapshot(bank))
    return bank


@transaction.atomic
def bank_update(*, actor: Any, bank: QuestionBank, name: str, description: str = "") -> QuestionBank:
    """Rename a bank or change its note. QuestionBank has no version column: the last save wins."""
    require_at(actor, CHANGE, bank.org_unit.path)
    name, description = name.strip(), description.strip()[:300]
    errors = _bank_errors(bank.org_unit, name, exclude=bank.pk)
    if errors:
        raise ValidationError(errors)
    before = snapshot(bank)
    bank.name, bank.description = name, description
    bank.save(update_fields=["name", "description"])
    record(action="questionbank.updated", actor=actor, obj=bank, before=before, after=snapshot(bank))
    return bank


@transaction.atomic
def question_save(*, actor: Any, bank: QuestionBank, data: dict[str, Any], question: Question | None = None,
                  expected_version: int = 0) -> Question:
    """Add a question to the bank, or edit one (optimistic lock on `version`: a stale edit is a ConflictError)."""
    require_at(actor, CHANGE, bank.org_unit.path)
    checked, errors = check_question(data)
    if errors or checked is None:
        raise ValidationError(errors)
    if question is None:
        q = Question.objects.create(bank=bank, **checked.as_fields())
        record(action="question.created", actor=actor, obj=q, org_unit_id=bank.org_unit_id, after=snapshot(q))
        return q
    if question.bank_id != bank.pk:
        raise ValidationError({"bank": "试题不属于该题库"})
    fields = checked.as_fields()
    keyed = ("kind", "options", "answer")
    if any(fields[f] != getattr(question, f) for f in keyed) and _drawn(question):
        # papers already drawn refer to this row by id (its option order, its key): a new key or new options
        # go into a new question and this one is switched off, so no sitting changes under anyone's feet
        current = Question.objects.select_for_update().get(pk=question.pk)
        if current.version != expected_version:
            from zugong.core.errors import ConflictError

            raise ConflictError("试题已被他人修改，请刷新后再改")
        q = Question.objects.create(bank=bank, **fields)
        Question.objects.filter(pk=current.pk).update(is_active=False, version=current.version + 1)
        record(action="question.updated", actor=actor, obj=current, org_unit_id=bank.org_unit_id, before=snapshot(current),
               after={"is_active": False, "replaced_by": q.pk})
        record(action="question.created", actor=actor, obj=q, org_unit_id=bank.org_unit_id, after={**snapshot(q), "replaces": current.pk})
        q.replaced = current  # type: ignore[attr-defined]
        return q
    before = snapshot(question)
    for name, value in checked.as_fields().items():
        setattr(question, name, value)
    update_versioned(question, expected_version=expected_version, fields=list(checked.as_fields()))
    record(action="question.updated", actor=actor, obj=question, org_unit_id=bank.org_unit_id, before=before,
           after=snapshot(question))
    return question


def _drawn(question: Question) -> bool:
    """Could the question be on a drawn paper? (its bank feeds an exam's paper rules)"""
    from zugong.learning.models import PaperRule

    return PaperRule.objects.filter(bank_id=question.bank_id).exists()


@transaction.atomic
def question_set_active(*, actor: Any, question: Question, active: bool, expected_version: int) -> Question:
    """Switch a question off (no longer drawn into papers; past attempts keep it) or on again."""
    require_at(actor, CHANGE, question.bank.org_unit.path)
    if question.is_active == active:
        return question
    before = snapshot(question)
    question.is_active = active
    update_versioned(question, expected_version=expected_version, fields=["is_active"])
    record(action="question.updated", actor=actor, obj=question, org_unit_id=question.bank.org_unit_id, before=before,
           after=snapshot(question))
    return question


@transaction.atomic
def questions_insert(*, actor: Any, bank: QuestionBank, inputs: list[QuestionInput], source: str = "") -> list[Question]:
    """Insert checked questions in one statement batch (the importers' commit): all or none."""
    require_at(actor, CHANGE, bank.org_unit.path)
    rows = Question.objects.bulk_create([Question(bank=bank, **i.as_fields()) for i in inputs], batch_size=500)
    kinds: dict[str, int] = {}
    for i in inputs:
        kinds[i.kind] = kinds.get(i.kind, 0) + 1
    record(action="questionbank.imported", actor=actor, obj=bank, after={"count": len(rows), "kinds": kinds, "file": source[:200]})
    return rows
