"""Forms of the question bank: a bank, one question (options A–H in separate inputs), the import upload."""

from __future__ import annotations

from typing import Any

from django import forms

from zugong.learning import bank as svc
from zugong.learning.models import Question

ANSWER_HELP = ("单选填一个字母，如 A；多选填两个以上字母，如 ACD；判断填 对 或 错；"
               "填空每空一行（或用“；”分隔），同一空有几种可接受的答案用 | 分隔，如 上海|上海市")


class BankForm(forms.Form):
    name = forms.CharField(label="题库名称", max_length=100, error_messages={"required": svc.MSG_BANK_NAME,
                                                                        "max_length": "题库名称不能超过100个字"})
    description = forms.CharField(label="说明", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  error_messages={"max_length": "说明不能超过300个字"})


class QuestionForm(forms.Form):
    """Field errors come from `bank.check_question` (shared with the importers), put on the form by `submit`;
    the form itself only takes the text in."""

    kind = forms.ChoiceField(label="题型", choices=Question.Kind.choices, error_messages={"required": "请选择题型",
                                                                                     "invalid_choice": svc.MSG_KIND})
    category = forms.CharField(label="分类/知识点", required=False, max_length=200,
                               widget=forms.TextInput(attrs={"list": "bank-categories", "autocomplete": "off"}))
    difficulty = forms.TypedChoiceField(label="难度", choices=Question.Difficulty.choices, coerce=int,
                                        initial=Question.Difficulty.MEDIUM,
                                        error_messages={"required": "请选择难度", "invalid_choice": svc.MSG_DIFFICULTY})
    text = forms.CharField(label="题干", max_length=20_000, widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": svc.MSG_TEXT})
    answer = forms.CharField(label="答案", max_length=5000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": svc.MSG_ANSWER}, help_text=ANSWER_HELP)
    explanation = forms.CharField(label="解析", required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for letter in svc.LETTERS:
            self.fields[f"option_{letter.lower()}"] = forms.CharField(label=f"选项{letter}", required=False, max_length=2000)

    @property
    def option_fields(self) -> list[forms.BoundField]:
        return [self[f"option_{c.lower()}"] for c in svc.LETTERS]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("kind", "difficulty", "category", "text")]

    @property
    def key_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("answer", "explanation")]

    @staticmethod
    def data_of(d: dict[str, Any]) -> dict[str, Any]:
        """The service's input from cleaned_data."""
        return {"kind": d["kind"], "category": d.get("category") or "", "difficulty": d["difficulty"], "text": d["text"],
                "options": [d.get(f"option_{c.lower()}") or "" for c in svc.LETTERS], "answer": d["answer"],
                "explanation": d.get("explanation") or ""}

    @staticmethod
    def initial_of(q: Question) -> dict[str, Any]:
        initial: dict[str, Any] = {"kind": q.kind, "category": q.category, "difficulty": q.difficulty, "text": q.text,
                                   "answer": svc.answer_text(q), "explanation": q.explanation, "version": q.version}
        for i, o in enumerate(q.options[: svc.MAX_OPTIONS]):
            initial[f"option_{svc.LETTERS[i].lower()}"] = o
        return initial


class ImportForm(forms.Form):
    file = forms.FileField(label="试题文件（.xlsx 或 .docx）", error_messages={"required": "请选择要导入的文件",
                                                                         "empty": "文件是空的"})
