"""Forms of writings: the cadre's writing (new, or an edit that keeps kind and period) and the review."""

from __future__ import annotations

from typing import Any

from django import forms

from zugong.core.params import int_param
from zugong.learning.models import Writing
from zugong.learning.writings import (
    FILE_ACCEPT,
    MAX_COMMENT,
    MAX_CONTENT,
    MSG_COMMENT_LONG,
    MSG_CONTENT,
    period_choices,
)

FILE_ERRORS = {"invalid": "请上传文件", "missing": "请上传文件", "empty": "文件是空的", "max_length": "文件名太长",
               "contradiction": "请上传新附件或勾选删除原附件，不能同时进行"}


def version_of(data: dict[str, Any]) -> int:
    """The version the page was loaded with; a mangled one cannot match (409), never a 500."""
    version = int_param(data.get("version"), max_digits=9)
    return -1 if version is None else version


class WritingForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Writing.Kind.choices,
                             error_messages={"required": "请选择类型", "invalid_choice": "请选择类型"})
    period = forms.ChoiceField(label="期间", choices=[], help_text="可提交本期和上一期的材料",
                               error_messages={"required": "请选择期间", "invalid_choice": "只能提交本期或上一期的材料"})
    title = forms.CharField(label="题目", max_length=200, error_messages={"required": "请填写题目", "max_length": "题目不能超过 200 字"})
    book = forms.CharField(label="书名", max_length=200, required=False, help_text="读书笔记必填",
                           error_messages={"max_length": "书名不能超过 200 字"})
    content = forms.CharField(label="内容", max_length=MAX_CONTENT, widget=forms.Textarea(attrs={"rows": 14}),
                              error_messages={"required": MSG_CONTENT, "max_length": MSG_CONTENT})
    file = forms.FileField(label="附件", required=False, widget=forms.FileInput(attrs={"accept": FILE_ACCEPT}),
                           help_text="可选，PDF 或 Word（docx），不超过 20 MB", error_messages=FILE_ERRORS)
    remove_file = forms.BooleanField(label="删除原附件", required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)  # read with version_of()

    def __init__(self, *args: Any, editing: Writing | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing is None:
            self.fields["period"].choices = period_choices()  # type: ignore[attr-defined]
            del self.fields["remove_file"], self.fields["version"]
        else:  # kind and period stay; the page shows them
            del self.fields["kind"], self.fields["period"]
            if editing.kind != Writing.Kind.READING:
                del self.fields["book"]
            if editing.file_id is None:
                del self.fields["remove_file"]
        self.fields["content"].wide = True  # type: ignore[attr-defined]
        self.fields["file"].wide = True  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("file") and data.get("remove_file"):
            self.add_error("remove_file", FILE_ERRORS["contradiction"])
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label="审阅结论", widget=forms.RadioSelect,
                                 choices=[(Writing.Status.REVIEWED.value, "已阅"), (Writing.Status.RETURNED.value, "退回修改")],
                                 error_messages={"required": "请选择审阅结论", "invalid_choice": "请选择审阅结论"})
    comment = forms.CharField(label="审阅意见", required=False, max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="退回修改时必填", error_messages={"max_length": MSG_COMMENT_LONG})
    version = forms.CharField(widget=forms.HiddenInput, required=False)  # read with version_of()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comment"].wide = True  # type: ignore[attr-defined]
