"""The question bank: banks per unit, adding and editing each kind of question with its checks, the stale
edit, importing from Excel and Word (all or nothing, errors by row / question), scope and query budgets."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zugong.audit.models import ObjectChange
from zugong.core.errors import CONFLICT_MESSAGE, ConflictError, ValidationError
from zugong.learning import bank as svc
from zugong.learning import bank_import
from zugong.learning.models import Question, QuestionBank

pytestmark = pytest.mark.django_db

SINGLE = {"kind": "single", "category": "党章", "difficulty": 1, "text": "党的最高领导机关是（　）。",
          "options": ["党的全国代表大会和它所产生的中央委员会", "中央政治局", "中央书记处", "中央纪律检查委员会"],
          "answer": "A", "explanation": "见党章第十条。"}
MULTIPLE = {"kind": "multiple", "category": "组织工作", "difficulty": 2, "text": "干部选拔任用的基本程序包括（　）。",
            "options": ["动议", "民主推荐", "考察", "讨论决定"], "answer": "a、c、D", "explanation": ""}
JUDGE = {"kind": "judge", "category": "党章", "difficulty": 1, "text": "预备党员的预备期为一年。", "options": [], "answer": "√"}
FILL = {"kind": "fill", "category": "党史", "difficulty": 3, "text": "中共一大于（　）年在（　）召开。", "options": [],
        "answer": "1921\n上海 | 上海市"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def bank(personas: Any, tree: Any) -> QuestionBank:
    return svc.bank_create(actor=personas.city_a, org_unit=tree.county_a1, name="党章党规题库", description="2026年")


def _xlsx(rows: list[list[Any]], headers: list[str] | None = None) -> SimpleUploadedFile:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(headers or bank_import.HEADERS)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("试题.xlsx", out.getvalue(), content_type=XLSX_TYPE)


def _row(kind: str, text: str, options: list[str], answer: Any, category: str = "", difficulty: str = "",
         explanation: str = "") -> list[Any]:
    return [kind, category, difficulty, text, *(options + [""] * (8 - len(options))), answer, explanation]


def _docx(lines: list[str], *, auto_numbered: bool = False) -> SimpleUploadedFile:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line, style="List Number" if auto_numbered else None)
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile("试题.docx", out.getvalue(), content_type=DOCX_TYPE)


def _import(client: Any, bank: QuestionBank, upload: SimpleUploadedFile) -> Any:
    return client.post(reverse("learning:bank_import", args=[bank.pk]), {"file": upload})


# ---------------------------------------------------------------- banks and questions


def test_create_and_rename_bank(personas: Any, tree: Any, bank: QuestionBank) -> None:
    assert (bank.org_unit, bank.name, bank.created_by) == (tree.county_a1, "党章党规题库", personas.city_a)
    with pytest.raises(ValidationError) as exc:
        svc.bank_create(actor=personas.province, org_unit=tree.county_a1, name=" 党章党规题库 ")
    assert exc.value.message_dict == {"name": [svc.MSG_BANK_DUP]}
    with pytest.raises(ValidationError) as exc:
        svc.bank_create(actor=personas.province, org_unit=tree.county_a1, name="  ")
    assert exc.value.message_dict == {"name": [svc.MSG_BANK_NAME]}
    other = svc.bank_create(actor=personas.province, org_unit=tree.county_a2, name="党章党规题库")  # another unit: fine
    assert other.org_unit == tree.county_a2
    svc.bank_update(actor=personas.city_a, bank=bank, name="党章题库", description="")
    bank.refresh_from_db()
    assert bank.name == "党章题库"
    actions = list(ObjectChange.objects.filter(object_type="learning.questionbank", object_id=str(bank.pk))
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["questionbank.created", "questionbank.updated"]


def test_bank_pages_create_and_list_counts_by_kind(client: Any, personas: Any, tree: Any, bank: QuestionBank) -> None:
    client.force_login(personas.city_a)
    resp = client.post(reverse("learning:bank_add"), {"name": "组织工作题库", "description": "市本级"})
    assert resp.status_code == 303
    created = QuestionBank.objects.get(name="组织工作题库")
    assert created.org_unit == tree.city_a and resp["Location"] == created.get_absolute_url()
    resp = client.post(reverse("learning:bank_add"), {"name": ""})
    assert resp.status_code == 400 and svc.MSG_BANK_NAME in resp.content.decode()
    for data in (SINGLE, SINGLE, MULTIPLE, JUDGE, FILL):
        svc.question_save(actor=personas.city_a, bank=bank, data=data)
    resp = client.get(reverse("learning:bank_list"))
    assert resp.status_code == 200
    row = resp.content.decode().split(f'data-bank="{bank.pk}"')[1].split("</tr>")[0]
    cells = [c.split(">")[-1] for c in row.split("</td>")[2:8]]
    assert cells == ["2", "1", "1", "1", "5", "0"]  # 单选 多选 判断 填空 合计 停用


def test_add_and_edit_each_kind_stored_as_the_model_says(personas: Any, bank: QuestionBank) -> None:
    single = svc.question_save(actor=personas.city_a, bank=bank, data=SINGLE)
    multiple = svc.question_save(actor=personas.city_a, bank=bank, data=MULTIPLE)
    judge = svc.question_save(actor=personas.city_a, bank=bank, data=JUDGE)
    fill = svc.question_save(actor=personas.city_a, bank=bank, data=FILL)
    assert (single.kind, single.answer, len(single.options), single.difficulty) == ("single", ["0"], 4, 1)
    assert (multiple.answer, multiple.options) == (["0", "2", "3"], ["动议", "民主推荐", "考察", "讨论决定"])
    assert (judge.answer, judge.options) == (["T"], [])
    assert (fill.answer, fill.options) == (["1921", "上海|上海市"], [])
    assert [svc.answer_text(q) for q in (single, multiple, judge, fill)] == ["A", "ACD", "对", "1921\n上海|上海市"]

    edited = svc.question_save(actor=personas.city_a, bank=bank, question=single, expected_version=1,
                               data={**SINGLE, "options": ["甲", "乙", "丙"], "answer": "c"})
    assert (edited.options, edited.answer, edited.version) == (["甲", "乙", "丙"], ["2"], 2)
    judge = svc.question_save(actor=personas.city_a, bank=bank, question=judge, expected_version=1, data={**JUDGE, "answer": "错误"})
    assert judge.answer == ["F"]
    # a kind change: the single question becomes a fill-in one
    fill2 = svc.question_save(actor=personas.city_a, bank=bank, question=edited, expected_version=2,
                              data={**FILL, "answer": "遵义；延安|延安市"})
    assert (fill2.kind, fill2.options, fill2.answer) == ("fill", [], ["遵义", "延安|延安市"])
    actions = list(ObjectChange.objects.filter(object_type="learning.question").values_list("action", flat=True))
    assert actions.count("question.created") == 4 and actions.count("question.updated") == 3
    assert ObjectChange.objects.filter(action="question.created").first().org_unit_id == bank.org_unit_id


@pytest.mark.parametrize(("data", "errors"), [
    ({**SINGLE, "text": " "}, {"text": svc.MSG_TEXT}),
    ({**SINGLE, "answer": "AB"}, {"answer": svc.MSG_SINGLE}),
    ({**SINGLE, "answer": "E"}, {"answer": "答案中的E不在选项中（共 4 个选项：A–D）"}),
    ({**SINGLE, "answer": "甲"}, {"answer": svc.MSG_ANSWER_LETTERS}),
    ({**SINGLE, "answer": ""}, {"answer": svc.MSG_ANSWER}),
    ({**SINGLE, "options": ["只有一个"]}, {"options": svc.MSG_FEW_OPTIONS}),
    ({**SINGLE, "options": ["甲", "乙", "甲"]}, {"options": "选项重复：选项A与选项C相同"}),
    ({**SINGLE, "options": ["甲", "", "丙"]}, {"options": "选项B是空的：选项要从 A 起依次填写，中间不能留空"}),
    ({**SINGLE, "options": [str(i) for i in range(9)]}, {"options": svc.MSG_MANY_OPTIONS}),
    ({**MULTIPLE, "answer": "B"}, {"answer": svc.MSG_MULTIPLE}),
    ({**JUDGE, "answer": "也许"}, {"answer": svc.MSG_JUDGE}),
    ({**JUDGE, "options": ["对", "错"]}, {"options": svc.MSG_NO_OPTIONS}),
    ({**FILL, "answer": " | ；"}, {"answer": svc.MSG_FILL}),
    ({**SINGLE, "kind": "问答"}, {"kind": svc.MSG_KIND}),
    ({**SINGLE, "difficulty": "超难"}, {"difficulty": svc.MSG_DIFFICULTY}),
    ({**SINGLE, "category": "长" * 51}, {"category": svc.MSG_CATEGORY_LONG}),
])
def test_validation_messages(personas: Any, bank: QuestionBank, data: dict[str, Any], errors: dict[str, str]) -> None:
    with pytest.raises(ValidationError) as exc:
        svc.question_save(actor=personas.city_a, bank=bank, data=data)
    assert {k: v[0] for k, v in exc.value.message_dict.items()} == errors
    assert Question.objects.count() == 0


def test_question_form_add_edit_and_stale_edit_409(client: Any, personas: Any, bank: QuestionBank) -> None:
    client.force_login(personas.city_a)
    add = reverse("learning:question_add", args=[bank.pk])
    assert client.get(add).status_code == 200
    post = {"kind": "multiple", "category": "组织工作", "difficulty": "2", "text": "下列属于……的有（　）。",
            "option_a": "甲", "option_b": "乙", "option_c": "甲", "answer": "AB"}
    resp = client.post(add, post)
    assert resp.status_code == 400 and "选项重复：选项A与选项C相同" in resp.content.decode()
    resp = client.post(add, {**post, "option_c": "丙", "answer": "A"})
    assert resp.status_code == 400 and svc.MSG_MULTIPLE in resp.content.decode()
    resp = client.post(add, {**post, "option_c": "丙", "answer": "AC", "continue": "1"})
    assert resp.status_code == 303 and "kind=multiple" in resp["Location"]
    q = Question.objects.get()
    assert (q.options, q.answer) == (["甲", "乙", "丙"], ["0", "2"])

    edit = reverse("learning:question_edit", args=[q.pk])
    page = client.get(edit).content.decode()
    assert 'value="丙"' in page and "\nAC</textarea>" in page
    resp = client.post(edit, {**post, "option_c": "丙", "answer": "BC", "version": "1"})
    assert resp.status_code == 303
    q.refresh_from_db()
    assert (q.answer, q.version) == (["1", "2"], 2)
    resp = client.post(edit, {**post, "option_c": "丙", "answer": "ABC", "version": "1"})  # loaded before the last save
    assert resp.status_code == 409 and CONFLICT_MESSAGE in resp.content.decode()
    q.refresh_from_db()
    assert q.answer == ["1", "2"]
    with pytest.raises(ConflictError):
        svc.question_save(actor=personas.city_a, bank=bank, question=q, data=MULTIPLE, expected_version=1)


def test_toggle_question(client: Any, personas: Any, bank: QuestionBank) -> None:
    q = svc.question_save(actor=personas.city_a, bank=bank, data=SINGLE)
    client.force_login(personas.city_a)
    url = reverse("learning:question_toggle", args=[q.pk])
    resp = client.post(url, {"active": "0", "version": "1", "next": bank.get_absolute_url() + "?kind=single"})
    assert resp.status_code == 303 and resp["Location"].endswith("?kind=single")
    q.refresh_from_db()
    assert (q.is_active, q.version) == (False, 2)
    resp = client.post(url, {"active": "1", "version": "1"}, follow=True)  # stale
    assert CONFLICT_MESSAGE in resp.content.decode()
    assert Question.objects.get(pk=q.pk).is_active is False
    client.post(url, {"active": "1", "version": "2", "next": "//evil.example/"})
    assert Question.objects.get(pk=q.pk).is_active is True


# ---------------------------------------------------------------- import


def test_xlsx_import_all_kinds(client: Any, personas: Any, bank: QuestionBank) -> None:
    client.force_login(personas.city_a)
    upload = _xlsx([
        _row("单选", "党的最高领导机关是（　）。", ["全国代表大会", "中央政治局", "中央书记处"], "A", "党章", "容易", "第十条"),
        _row("多选", "基本程序包括（　）。", ["动议", "推荐", "考察", "决定"], "A,B,D", "组织工作", "较难"),
        _row("判断", "预备期为一年。", [], "对"),
        _row("判断", "预备期为两年。", [], False),  # typed FALSE in Excel
        _row("填空", "一大于（　）年召开。", [], "1921"),
        _row("", "二大于（　）年在（　）召开。", [], "1922；上海|上海市"),  # no 题型: inferred 填空
        _row("", "三大在广州召开。", [], "√"),  # inferred 判断
        _row("", "遵义会议在（　）召开。", ["1935年", "1936年"], "A"),  # inferred 单选
        ["", "", "", "", "", "", "", "", "", "", "", "", "", ""],  # empty rows are skipped
        _row("多选", "下列正确的有（　）。", [1, 2, 3], "BC", difficulty="中等"),  # numbers as options
    ])
    resp = _import(client, bank, upload)
    assert resp.status_code == 303, resp.content.decode()[:2000]
    page = client.get(resp["Location"]).content.decode()
    assert "已导入 9 题（单选 2 题、多选 2 题、判断 3 题、填空 2 题）" in page
    by_kind = dict(bank.questions.order_by().values_list("kind").annotate(n=Count("id")))
    assert by_kind == {"single": 2, "multiple": 2, "judge": 3, "fill": 2}
    qs = {q.text: q for q in bank.questions.all()}
    first = qs["党的最高领导机关是（　）。"]
    assert (first.answer, first.options, first.difficulty, first.category, first.explanation) == (
        ["0"], ["全国代表大会", "中央政治局", "中央书记处"], 1, "党章", "第十条")
    assert (qs["基本程序包括（　）。"].answer, qs["基本程序包括（　）。"].difficulty) == (["0", "1", "3"], 3)
    assert qs["预备期为两年。"].answer == ["F"] and qs["三大在广州召开。"].answer == ["T"]
    assert qs["二大于（　）年在（　）召开。"].answer == ["1922", "上海|上海市"]
    assert qs["下列正确的有（　）。"].options == ["1", "2", "3"]
    audit = ObjectChange.objects.get(action="questionbank.imported")
    assert audit.object_id == str(bank.pk) and audit.after["count"] == 9


def test_xlsx_with_one_bad_row_writes_nothing(client: Any, personas: Any, bank: QuestionBank) -> None:
    client.force_login(personas.city_a)
    rows = [_row("单选", f"第{i}题", ["甲", "乙"], "A") for i in range(5)]
    rows.insert(2, _row("单选", "坏的一题", ["甲", "乙"], "AB"))  # spreadsheet row 4
    rows.append(_row("判断", "", [], "对"))  # row 8: no text
    resp = _import(client, bank, _xlsx(rows))
    assert resp.status_code == 400
    page = resp.content.decode()
    assert "共 7 题，有 2 处错误，未导入任何试题" in page
    assert f"<td class=\"text-nowrap\">第 4 行</td><td class=\"text-nowrap\">答案</td><td>{svc.MSG_SINGLE}</td>" in page
    assert f"<td class=\"text-nowrap\">第 8 行</td><td class=\"text-nowrap\">题干</td><td>{svc.MSG_TEXT}</td>" in page
    assert Question.objects.count() == 0
    assert not ObjectChange.objects.filter(action="questionbank.imported").exists()


def test_xlsx_missing_column_and_template(client: Any, personas: Any, bank: QuestionBank) -> None:
    client.force_login(personas.city_a)
    resp = _import(client, bank, _xlsx([["单选", "题", "A"]], headers=["题型", "题干", "正确选项"]))
    assert resp.status_code == 400 and "缺少必填列“答案”，请使用下载的模板" in resp.content.decode()

    resp = client.get(reverse("learning:bank_import_template"))
    assert resp.status_code == 200 and resp["Content-Type"] == XLSX_TYPE
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(resp.content))
    ws = wb["试题"]
    assert [c.value for c in ws[1]][:5] == ["题型*", "分类/知识点", "难度", "题干*", "选项A"]
    lists = sorted(dv.formula1 for dv in ws.data_validations.dataValidation)
    assert lists == ['"单选,多选,判断,填空"', '"容易,中等,较难"']
    # the template as downloaded (with its example row) imports as it is
    resp = _import(client, bank, SimpleUploadedFile("模板.xlsx", resp.content))
    assert resp.status_code == 303
    assert list(bank.questions.values_list("kind", "answer")) == [("single", ["0"])]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("试题.txt", "1. 题目\n答案：对".encode(), bank_import.MSG_FILE_KIND),
    ("试题.csv", b"a,b", bank_import.MSG_FILE_KIND),
    ("试题.xlsx", b"not a zip at all", bank_import.MSG_FILE_BAD),
    ("试题.docx", b"%PDF-1.4\n%%EOF\n", bank_import.MSG_FILE_BAD),
    ("试题.xlsx", b"", "文件是空的"),
])
def test_bad_files_get_a_chinese_400(client: Any, personas: Any, bank: QuestionBank, name: str, content: bytes,
                                     message: str) -> None:
    client.force_login(personas.city_a)
    resp = _import(client, bank, SimpleUploadedFile(name, content))
    assert resp.status_code == 400
    assert message in resp.content.decode()
    assert Question.objects.count() == 0


def test_docx_disguised_as_xlsx_is_refused(client: Any, personas: Any, bank: QuestionBank) -> None:
    client.force_login(personas.city_a)
    docx_bytes = _docx(["1. 题", "答案：对"]).read()
    resp = _import(client, bank, SimpleUploadedFile("试题.xlsx", docx_bytes))
    assert resp.status_code == 400 and bank_import.MSG_FILE_BAD in resp.content.decode()


DOCX_LINES = [
    "党章知识测试题",  # a title before the first question: skipped
    "一、单选题",
    "1. 党的最高领导机关是（　）。",
    "A. 党的全国代表大会和它所产生的中央委员会",
    "B. 中央政治局",
    "C．中央书记处",
    "D、中央纪律检查委员会",
    "答案：A",
    "解析：见党章第十条。",
    "1. 这一行在解析里，不是新题",
    "分类：党章",
    "难度：容易",
    "二、多选题（每题2分）",
    "2、干部选拔任用工作的基本程序包括（　）。",
    "A、分析研判和动议  B、民主推荐  C、考察  D、讨论决定",
    "答案:ABCD",
    "三、其他题型",  # no kind named: inferred again
    "3．预备党员的预备期为一年。",
    "答案：正确",
    "4. 中国共产党第一次全国代表大会于（　）年在（　）召开。",
    "答案：1921；上海|上海市",
    "【判断】",
    "5. 党员有退党的自由。",
    "答案：√",
]


def test_docx_import(client: Any, personas: Any, bank: QuestionBank) -> None:
    client.force_login(personas.city_a)
    resp = _import(client, bank, _docx(DOCX_LINES))
    assert resp.status_code == 303, resp.content.decode()[-3000:]
    qs = list(bank.questions.order_by("id"))
    assert [(q.kind, q.answer) for q in qs] == [
        ("single", ["0"]), ("multiple", ["0", "1", "2", "3"]), ("judge", ["T"]),
        ("fill", ["1921", "上海|上海市"]), ("judge", ["T"])]
    first = qs[0]
    assert first.options[2] == "中央书记处" and first.options[3] == "中央纪律检查委员会"
    assert (first.category, first.difficulty) == ("党章", 1)
    assert first.explanation == "见党章第十条。\n1. 这一行在解析里，不是新题"
    assert qs[1].options == ["分析研判和动议", "民主推荐", "考察", "讨论决定"]
    assert ObjectChange.objects.get(action="questionbank.imported").after["count"] == 5


def test_docx_with_errors_writes_nothing(client: Any, personas: Any, bank: QuestionBank) -> None:
    client.force_login(personas.city_a)
    lines = [
        "1. 第一题",
        "A. 甲",
        "B. 乙",
        "答案：E",
        "2. 第二题没有答案行",
        "3.【单选】第三题",
        "A. 甲",
        "B. 甲",
        "答案：A",
        "这一行放错了地方",
    ]
    resp = _import(client, bank, _docx(lines))
    assert resp.status_code == 400
    page = resp.content.decode()
    assert "答案中的E不在选项中（共 2 个选项：A–B）" in page
    assert "<td class=\"text-nowrap\">第 2 题</td><td class=\"text-nowrap\">答案</td><td>缺少“答案：”行</td>" in page
    assert "选项重复：选项A与选项B相同" in page and "无法识别“这一行放错了地方”" in page
    assert Question.objects.count() == 0


def test_docx_with_word_auto_numbering_explains_why(client: Any, personas: Any, bank: QuestionBank) -> None:
    client.force_login(personas.city_a)
    resp = _import(client, bank, _docx(["党的最高领导机关是？", "答案：A"], auto_numbered=True))
    assert resp.status_code == 400 and bank_import.MSG_AUTO_NUMBER in resp.content.decode()


def test_import_page_documents_the_word_pattern(client: Any, personas: Any, bank: QuestionBank) -> None:
    client.force_login(personas.city_a)
    page = client.get(reverse("learning:bank_import", args=[bank.pk])).content.decode()
    assert "2、【多选】干部选拔任用工作的基本程序包括（　）。" in page and "下载 Excel 模板" in page
    # the documented example imports as documented
    resp = _import(client, bank, _docx(bank_import.DOCX_PATTERN.splitlines()))
    assert resp.status_code == 303
    assert list(bank.questions.order_by("id").values_list("kind", flat=True)) == ["single", "multiple", "judge", "fill"]


# ---------------------------------------------------------------- scope, permissions, budgets


def test_scope_sibling_404_readonly_403(client: Any, personas: Any, bank: QuestionBank) -> None:
    q = svc.question_save(actor=personas.city_a, bank=bank, data=SINGLE)
    client.force_login(personas.county_b1)  # admin of a county in the other city
    for url in (reverse("learning:bank_detail", args=[bank.pk]), reverse("learning:bank_edit", args=[bank.pk]),
                reverse("learning:question_add", args=[bank.pk]), reverse("learning:bank_import", args=[bank.pk]),
                reverse("learning:question_edit", args=[q.pk])):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("learning:question_toggle", args=[q.pk]), {"active": "0", "version": "1"}).status_code == 404
    assert bank.pk not in [b.pk for b in client.get(reverse("learning:bank_list")).context["rows"]]

    client.force_login(personas.county_a1_readonly)
    resp = client.get(reverse("learning:bank_detail", args=[bank.pk]))
    assert resp.status_code == 200 and SINGLE["text"] in resp.content.decode()
    assert "data-answer" not in resp.content.decode()  # the key is shown to those who may edit the bank only
    for url in (reverse("learning:bank_add"), reverse("learning:bank_edit", args=[bank.pk]),
                reverse("learning:question_add", args=[bank.pk]), reverse("learning:bank_import", args=[bank.pk]),
                reverse("learning:question_edit", args=[q.pk]), reverse("learning:bank_import_template")):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("learning:question_add", args=[bank.pk]), {**SINGLE, "option_a": "甲"}).status_code == 403
    assert client.post(reverse("learning:question_toggle", args=[q.pk]), {"active": "0", "version": "1"}).status_code == 403
    assert client.post(reverse("learning:bank_import", args=[bank.pk]),
                       {"file": _xlsx([_row("判断", "题", [], "对")])}).status_code == 403
    assert Question.objects.get(pk=q.pk).is_active and Question.objects.count() == 1
    with pytest.raises(Exception) as exc:
        svc.question_save(actor=personas.county_a1_readonly, bank=bank, data=JUDGE)
    assert exc.type.__name__ == "PermissionDenied"
    client.force_login(personas.nogrant)
    assert client.get(reverse("learning:bank_list")).status_code == 403


def _count_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200
    return len(ctx.captured_queries)


def test_bank_detail_and_list_query_counts_do_not_grow(client: Any, personas: Any, tree: Any, bank: QuestionBank,
                                                       django_assert_max_num_queries: Any) -> None:
    kinds = [SINGLE, MULTIPLE, JUDGE, FILL]
    svc.questions_insert(actor=personas.city_a, bank=bank, inputs=[
        svc.check_question({**kinds[i % 4], "text": f"题{i}", "category": f"分类{i % 3}"})[0] for i in range(30)])  # type: ignore[misc]
    client.force_login(personas.city_a)
    detail = reverse("learning:bank_detail", args=[bank.pk])
    filtered = detail + "?category=分类1&q=题"
    lst = reverse("learning:bank_list")
    client.get(detail)  # warm the session
    small = [_count_queries(client, url) for url in (detail, filtered, lst)]
    svc.questions_insert(actor=personas.city_a, bank=bank, inputs=[
        svc.check_question({**kinds[i % 4], "text": f"题{i}", "category": f"分类{i % 3}"})[0] for i in range(30, 60)])  # type: ignore[misc]
    for i in range(5):
        svc.bank_create(actor=personas.city_a, org_unit=tree.county_a1, name=f"题库{i}")
    with django_assert_max_num_queries(14):  # session, user, grants (2), bank, count, page, kinds, categories, unit, notices …
        resp = client.get(detail)
    assert resp.context["page_obj"].paginator.count == 60 and len(resp.context["questions"]) == 30
    assert client.get(filtered).context["page_obj"].paginator.count == 20
    assert [_count_queries(client, url) for url in (detail, filtered, lst)] == small
    resp = client.get(reverse("learning:bank_detail", args=[bank.pk]) + "?page=2&kind=judge&difficulty=9&status=x")
    assert resp.status_code == 200 and resp.context["page_obj"].paginator.count == 15


def test_bank_edit_page(client: Any, personas: Any, bank: QuestionBank) -> None:
    client.force_login(personas.city_a)
    url = reverse("learning:bank_edit", args=[bank.pk])
    assert client.get(url).status_code == 200
    resp = client.post(url, {"name": "党章题库", "description": "新说明"})
    assert resp.status_code == 303
    bank.refresh_from_db()
    assert (bank.name, bank.description) == ("党章题库", "新说明")
    svc.bank_create(actor=personas.city_a, org_unit=bank.org_unit, name="另一个")
    resp = client.post(url, {"name": "另一个"})
    assert resp.status_code == 400 and svc.MSG_BANK_DUP in resp.content.decode()


def test_docx_variants_and_xlsx_header_variants(client: Any, personas: Any, bank: QuestionBank) -> None:
    items = bank_import.parse_docx_lines([
        "【单选】1. 甲乙丙哪个是甲？", "Ａ．甲　Ｂ．乙　Ｃ．丙", "【答案】A",
        "2.【填空】答案是“正确”的填空题（　）。", "参考答案：正确",
        "3. 没有题型也没有选项", "正确答案：×", "难度：较难",
    ])
    raws = [raw for _w, raw, problems in items if not problems]
    assert len(raws) == 3
    checked = [svc.check_question(r)[0] for r in raws]
    assert [(c.kind, c.options, c.answer, c.difficulty) for c in checked if c] == [
        ("single", ["甲", "乙", "丙"], ["0"], 2), ("fill", [], ["正确"], 2), ("judge", [], ["F"], 3)]

    client.force_login(personas.city_a)
    headers = ["题型*", "知识点", "难度（容易/中等/较难）", "题干*", "选项A", "选项B", "答案*"]
    resp = _import(client, bank, _xlsx([["单选", "党章", "较难", "题", "甲", "乙", "b"]], headers=headers))
    assert resp.status_code == 303
    q = bank.questions.get()
    assert (q.category, q.difficulty, q.answer) == ("党章", 3, ["1"])
