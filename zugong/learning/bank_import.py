"""Importing questions into a bank from an Excel sheet (our template) or a Word document written in a plain
pattern (DOCX_PATTERN, shown on the import page). Both readers turn the file into the same raw question
dicts, `bank.check_question` checks each one, and only a file without a single error is written — in one
transaction, one bulk INSERT and one audit row. Otherwise every error is listed by row / question number,
field and Chinese message, and nothing is written.

It runs in the request, without the Job machinery: a bank import is a few thousand questions at most
(MAX_QUESTIONS). Measured on SQLite (a throwaway database, 2,000 questions of the four kinds, read + check +
bulk INSERT + audit): xlsx 0.15–0.45 s, docx 0.8–1.0 s (python-docx's paragraph text is most of it); a file
with one bad row among 2,000 answers in 0.08 s. Far below any request timeout."""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zugong.accounts.access import require_at
from zugong.core import files
from zugong.core.errors import ValidationError
from zugong.core.imports import cell_text
from zugong.learning import bank as svc
from zugong.learning.models import Question, QuestionBank

MAX_QUESTIONS = 5000
MAX_LISTED_ERRORS = 300
MSG_NO_FILE = "请选择要导入的文件"
MSG_FILE_KIND = "请上传 Excel（.xlsx）或 Word（.docx）文件（可先下载 Excel 模板）"
MSG_FILE_BAD = "文件已损坏，或内容不是 Excel（.xlsx）/ Word（.docx）文件：请用 Excel 或 Word 打开后另存为再上传"
MSG_EMPTY_XLSX = "表格中没有试题：第一行应为表头（题型、题干、选项A…、答案），从第二行起每行一题"
MSG_EMPTY_DOCX = "文档中没有找到试题：每题以题号开头，如“1.”或“1、”（请直接输入题号，不要用 Word 的自动编号）"
MSG_AUTO_NUMBER = "文档中没有找到试题：题号用了 Word 的自动编号，请改为直接输入题号（如“1.”），选项字母也直接输入（如“A.”）"
MSG_TOO_MANY = f"一次最多导入 {MAX_QUESTIONS} 题，请分成几个文件"

HEADERS = ["题型", "分类/知识点", "难度", "题干", *[f"选项{c}" for c in svc.LETTERS], "答案", "解析"]
REQUIRED_HEADERS = ("题干", "答案")
KIND_CHOICES = ["单选", "多选", "判断", "填空"]
DIFFICULTY_CHOICES = ["容易", "中等", "较难"]
EXAMPLES = [
    ["单选", "党章", "容易", "党的最高领导机关是（　）。", "党的全国代表大会和它所产生的中央委员会", "中央政治局", "中央书记处",
     "中央纪律检查委员会", "", "", "", "", "A", "见党章第十条。"],
    ["多选", "组织工作", "中等", "干部选拔任用工作的基本程序包括（　）。", "分析研判和动议", "民主推荐", "考察", "讨论决定",
     "", "", "", "", "ABCD", ""],
    ["判断", "党章", "容易", "预备党员的预备期为一年。", "", "", "", "", "", "", "", "", "对", ""],
    ["填空", "党史", "较难", "中国共产党第一次全国代表大会于（　）年在（　）召开。", "", "", "", "", "", "", "", "",
     "1921\n上海|上海市", "第二空写“上海”或“上海市”都算对。"],
]
DOCX_PATTERN = """1. 党的最高领导机关是（　）。
A. 党的全国代表大会和它所产生的中央委员会
B. 中央政治局
C. 中央书记处
D. 中央纪律检查委员会
答案：A
解析：见党章第十条。
分类：党章
难度：容易

2、【多选】干部选拔任用工作的基本程序包括（　）。
A、分析研判和动议  B、民主推荐  C、考察  D、讨论决定
答案：ABCD

3．预备党员的预备期为一年。
答案：对

4. 中国共产党第一次全国代表大会于（　）年在（　）召开。
答案：1921；上海|上海市"""


@dataclass
class ImportProblem:
    where: str  # "第 5 行" (xlsx) / "第 3 题" (docx)
    field: str  # the column or part, in Chinese
    message: str


@dataclass
class ImportResult:
    fmt: str = ""
    total: int = 0
    count: int = 0  # questions written (0 when there are errors)
    kinds: dict[str, int] = field(default_factory=dict)
    errors: list[ImportProblem] = field(default_factory=list)

    @property
    def listed_errors(self) -> list[ImportProblem]:
        return self.errors[:MAX_LISTED_ERRORS]

    @property
    def more_errors(self) -> int:
        return max(0, len(self.errors) - MAX_LISTED_ERRORS)

    @property
    def kinds_text(self) -> str:
        return "、".join(f"{Question.Kind(k).label} {n} 题" for k, n in sorted(self.kinds.items(),
                                                                          key=lambda kv: Question.Kind.values.index(kv[0])))


# ---------------------------------------------------------------- the file


def file_kind(upload: Any) -> str:
    """"xlsx" or "docx", checked by content (zip with the part its kind needs, no zip bomb) and size."""
    if upload is None:
        raise ValidationError({"file": MSG_NO_FILE})
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise ValidationError({"file": MSG_FILE_KIND})
    if not upload.size:
        raise ValidationError({"file": files.MSG_EMPTY})
    if upload.size > files.MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": files.MSG_TOO_BIG})
    try:
        return files.check(upload)
    except ValidationError:
        raise ValidationError({"file": MSG_FILE_BAD}) from None


def _content(upload: Any) -> io.BytesIO:
    upload.seek(0)
    data = io.BytesIO(upload.read())
    upload.seek(0)
    return data


# ---------------------------------------------------------------- xlsx


def _header_key(raw: Any) -> str:
    text = re.sub(r"[（(].*?[)）]", "", cell_text(raw)).replace("*", "").replace(" ", "").replace("\u3000", "")
    if text in ("分类", "知识点", "分类/知识点", "分类知识点"):
        return "分类/知识点"
    return text


def read_xlsx(upload: Any) -> list[tuple[str, dict[str, Any]]]:
    """(where, raw question) for every non-empty row of the first sheet, by its Chinese headers."""
    from python_calamine import CalamineWorkbook

    try:
        rows = CalamineWorkbook.from_filelike(_content(upload)).get_sheet_by_index(0).to_python()
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ValidationError({"file": MSG_FILE_BAD}) from exc
    header_at = next((i for i, r in enumerate(rows[:5]) if "题干" in [_header_key(c) for c in r]), None)
    if header_at is None:
        raise ValidationError({"file": "没有找到表头：第一行应为 题型、分类/知识点、难度、题干、选项A…选项H、答案、解析，请使用下载的模板"})
    keys = [_header_key(c) for c in rows[header_at]]
    missing = [h for h in REQUIRED_HEADERS if h not in keys]
    if missing:
        raise ValidationError({"file": f"缺少必填列“{'”“'.join(missing)}”，请使用下载的模板"})
    pos = {h: keys.index(h) for h in HEADERS if h in keys}

    def cell(row: list[Any], header: str) -> Any:
        i = pos.get(header)
        return row[i] if i is not None and i < len(row) else None

    out: list[tuple[str, dict[str, Any]]] = []
    for n, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        if all(cell_text(c) == "" for c in row):
            continue
        if len(out) >= MAX_QUESTIONS:
            raise ValidationError({"file": MSG_TOO_MANY})
        answer = cell(row, "答案")
        if isinstance(answer, bool):  # Excel turns a typed TRUE / FALSE into a boolean
            answer = "对" if answer else "错"
        out.append((f"第 {n} 行", {
            "kind": cell_text(cell(row, "题型")), "category": cell_text(cell(row, "分类/知识点")),
            "difficulty": cell_text(cell(row, "难度")), "text": cell_text(cell(row, "题干")),
            "options": [cell_text(cell(row, f"选项{c}")) for c in svc.LETTERS], "answer": cell_text(answer),
            "explanation": cell_text(cell(row, "解析")),
        }))
    return out


def write_template() -> bytes:
    """The xlsx template: Chinese headers, one example row, dropdowns for 题型 and 难度, a notes sheet."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "试题"
    head = PatternFill("solid", fgColor="E8EEF7")
    required = PatternFill("solid", fgColor="FDECEA")
    for i, h in enumerate(HEADERS, start=1):
        c = ws.cell(row=1, column=i, value=h + ("*" if h in (*REQUIRED_HEADERS, "题型") else ""))
        c.font = Font(bold=True, color="B42318" if h in (*REQUIRED_HEADERS, "题型") else "000000")
        c.fill = required if h in (*REQUIRED_HEADERS, "题型") else head
        width = {"题干": 40, "解析": 30, "答案": 12, "分类/知识点": 14}.get(h, 10 if h in ("题型", "难度") else 22)
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.cell(row=1, column=HEADERS.index("答案") + 1).comment = Comment(
        "单选：一个字母，如 A\n多选：几个字母，如 ACD\n判断：对 或 错\n填空：每空一行（或用“；”分隔），一空有几种答案用 | 分隔", "组工平台")
    for i, value in enumerate(EXAMPLES[0], start=1):
        ws.cell(row=2, column=i, value=value).alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    for col, choices, title in (("A", KIND_CHOICES, "题型"), ("C", DIFFICULTY_CHOICES, "难度")):
        dv = DataValidation(type="list", formula1=f'"{",".join(choices)}"', allow_blank=True, showErrorMessage=True,
                            errorTitle="输入有误", error=f"请从下拉列表中选择{title}")
        ws.add_data_validation(dv)
        dv.add(f"{col}2:{col}{MAX_QUESTIONS + 1}")

    notes = wb.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 90
    lines = [
        ("列", "说明"),
        ("题型", "单选、多选、判断、填空（从下拉列表选择）。留空时按选项和答案判断：有选项、答案一个字母为单选，几个字母为多选；无选项、答案为对/错为判断，否则为填空"),
        ("分类/知识点", "可不填，组卷时可按分类抽题，最多50字"),
        ("难度", "容易、中等、较难（从下拉列表选择），不填为中等"),
        ("题干", "必填"),
        ("选项A…选项H", "单选、多选题至少填两个选项，从选项A起依次填写，中间不能留空，选项不能重复；判断题、填空题不填"),
        ("答案", "必填。单选填一个字母（如 A）；多选填两个以上字母（如 ACD）；判断填 对 或 错；"
                 "填空每空一行（或用“；”分隔），同一空有几种可接受的答案用 | 分隔（如 上海|上海市）"),
        ("解析", "可不填，交卷后显示"),
        ("", ""),
        ("注意", "第2行为示例，导入前请删除。导入时逐行检查：任何一行有错，一题也不导入，并列出每个错误的行号和列。"),
        ("", ""),
        ("示例", "下面是四种题型各一题（可复制到“试题”表）"),
    ]
    for r, (a, b) in enumerate(lines, start=1):
        notes.cell(row=r, column=1, value=a).font = Font(bold=r == 1 or a in ("注意", "示例"))
        notes.cell(row=r, column=2, value=b).alignment = Alignment(wrap_text=True, vertical="top")
    start = len(lines) + 1
    for i, h in enumerate(HEADERS, start=1):
        notes.cell(row=start, column=i, value=h).fill = head
    for r, example in enumerate(EXAMPLES, start=start + 1):
        for i, value in enumerate(example, start=1):
            notes.cell(row=r, column=i, value=value).alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- docx

_SEP = r"[.、．:：)）]"
_KIND_WORDS = r"单选|多选|判断|填空|单项选择|多项选择"
_SECTION = re.compile(rf"^[一二三四五六七八九十]+\s*[、.．]\s*(?:(?P<k>{_KIND_WORDS})题?)?")
_KIND_LINE = re.compile(rf"^[【\[](?P<k>{_KIND_WORDS})题?[】\]]$")
_QUESTION = re.compile(rf"^(?:[【\[](?P<k1>{_KIND_WORDS})题?[】\]]\s*)?(?P<num>\d{{1,4}})\s*[.、．]\s*"
                       rf"(?:[【\[](?P<k2>{_KIND_WORDS})题?[】\]]\s*)?(?P<text>.*)$")
_OPTION = re.compile(rf"^(?P<letter>[A-HＡ-Ｈ])\s*{_SEP}\s*(?P<text>.*)$")
_LABELLED = re.compile(r"^(?:[【\[](?P<a>(?:正确|参考)?答案|解析|分类|知识点|难度)[】\]]\s*[:：]?|"
                       r"(?P<b>(?:正确|参考)?答案|解析|分类|知识点|难度)\s*[:：])\s*(?P<v>.*)$")
_LABEL_FIELD = {"答案": "answer", "正确答案": "answer", "参考答案": "answer", "解析": "explanation", "分类": "category",
                "知识点": "category", "难度": "difficulty"}


@dataclass
class _DocQuestion:
    number: str
    kind: str
    text: list[str]
    options: dict[str, str] = field(default_factory=dict)
    last_option: str = ""
    answer: str | None = None
    explanation: list[str] = field(default_factory=list)
    category: str = ""
    difficulty: str = ""
    state: str = "text"  # text | options | answer | explanation
    problems: list[tuple[str, str]] = field(default_factory=list)

    def raw(self) -> dict[str, Any]:
        last = max((svc.LETTERS.index(c) for c in self.options), default=-1)
        return {"kind": self.kind, "category": self.category, "difficulty": self.difficulty, "text": "\n".join(self.text),
                "options": [self.options.get(svc.LETTERS[i], "") for i in range(last + 1)], "answer": self.answer or "",
                "explanation": "\n".join(self.explanation)}


def _letter(raw: str) -> str:
    return unicodedata.normalize("NFKC", raw).upper()


def _split_options(first: str, rest: str) -> list[tuple[str, str]]:
    """"A. 甲  B. 乙  C. 丙" on one line -> [(A, 甲), (B, 乙), (C, 丙)] (the next letter after white space)."""
    out: list[tuple[str, str]] = []
    letter, text = first, rest
    while True:
        i = svc.LETTERS.index(letter)
        nxt = svc.LETTERS[i + 1] if i + 1 < len(svc.LETTERS) else ""
        wide = chr(ord(nxt) - ord("A") + ord("Ａ")) if nxt else ""
        m = re.search(rf"\s+[{nxt}{wide}]\s*[.、．]", text) if nxt else None
        if m is None:
            out.append((letter, text.strip()))
            return out
        out.append((letter, text[: m.start()].strip()))
        letter, text = nxt, text[m.end():]


def _auto_numbered(paragraph: Any) -> bool:
    """Word's automatic numbering, set on the paragraph or by its style (List Number …): its numbers are not text."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return True
    style = paragraph.style
    for _ in range(5):  # the style and the styles it is based on
        if style is None:
            return False
        spr = style.element.pPr
        if spr is not None and spr.numPr is not None:
            return True
        style = style.base_style
    return False


def _doc_lines(upload: Any) -> tuple[list[str], list[Any]]:
    """The document's non-empty lines (paragraphs, split at line breaks), and the paragraphs."""
    import docx

    try:
        document = docx.Document(_content(upload))
        paragraphs = list(document.paragraphs)
    except Exception as exc:  # python-docx / lxml / zipfile errors for damaged files
        raise ValidationError({"file": MSG_FILE_BAD}) from exc
    lines = [line.strip() for p in paragraphs for line in p.text.split("\n") if line.strip()]
    return lines, paragraphs


def parse_docx_lines(lines: list[str]) -> list[tuple[str, dict[str, Any], list[tuple[str, str]]]]:
    """(where, raw question, format problems) per question of the pattern in DOCX_PATTERN. Lines before the
    first question (a title, instructions) are skipped."""
    out: list[_DocQuestion] = []
    section = ""
    pending = ""
    current: _DocQuestion | None = None
    for raw_line in lines:
        line = raw_line.strip()
        if not line:
            continue
        if m := _SECTION.match(line):  # "一、单选题" sets the kind below it; "三、综合题" goes back to inferring it
            section, pending, current = (svc.kind_code(m["k"] + "题") or "") if m["k"] else "", "", None
            continue
        if m := _KIND_LINE.match(line):
            pending = svc.kind_code(m["k"] + "题") or ""
            continue
        if (m := _QUESTION.match(line)) and not (current is not None and current.state == "explanation"
                                                 and int(m["num"]) != int(current.number) + 1):
            # a numbered line inside an explanation ("1. 见……") continues it unless it is the next question
            if len(out) >= MAX_QUESTIONS:
                raise ValidationError({"file": MSG_TOO_MANY})
            explicit = m["k1"] or m["k2"]
            kind = (svc.kind_code(explicit + "题") or "") if explicit else (pending or section)
            current = _DocQuestion(number=m["num"], kind=kind, text=[m["text"].strip()] if m["text"].strip() else [])
            out.append(current)
            pending = ""
            continue
        if current is None:
            continue
        if m := _LABELLED.match(line):
            name = _LABEL_FIELD[m["a"] or m["b"]]
            value = m["v"].strip()
            if name == "answer":
                if current.answer is not None:
                    current.problems.append(("答案", "有两行“答案”"))
                current.answer, current.state = value, "answer"
            elif name == "explanation":
                current.explanation, current.state = [value] if value else [], "explanation"
            else:
                setattr(current, name, value)
                current.state = "answer" if current.answer is not None else current.state
            continue
        if (m := _OPTION.match(line)) and current.state in ("text", "options"):
            for letter, text in _split_options(_letter(m["letter"]), m["text"]):
                if letter in current.options:
                    current.problems.append(("选项", f"选项{letter}出现了两次"))
                current.options[letter] = text
                current.last_option = letter
            current.state = "options"
            continue
        if current.state == "text":
            current.text.append(line)
        elif current.state == "options":
            current.options[current.last_option] += line
        elif current.state == "explanation":
            current.explanation.append(line)
        else:
            current.problems.append(("格式", f"无法识别“{line[:30]}”：答案后只能是“解析：”“分类：”“难度：”行或下一题"))
    result = []
    numbers = Counter(q.number for q in out)  # numbering restarted per section: say which one
    for k, q in enumerate(out, start=1):
        if q.answer is None:
            q.problems.append(("答案", "缺少“答案：”行"))
        where = f"第 {q.number} 题" if numbers[q.number] == 1 else f"第 {q.number} 题（全文第 {k} 题）"
        result.append((where, q.raw(), q.problems))
    return result


# ---------------------------------------------------------------- the import


def check_all(items: list[tuple[str, dict[str, Any], list[tuple[str, str]]]], result: ImportResult) -> list[svc.QuestionInput]:
    inputs: list[svc.QuestionInput] = []
    for where, raw, problems in items:
        result.errors.extend(ImportProblem(where, f, msg) for f, msg in problems)
        checked, errors = svc.check_question(raw)
        result.errors.extend(ImportProblem(where, svc.FIELD_LABELS.get(f, f), msg) for f, msg in errors.items())
        if checked is not None and not problems:
            inputs.append(checked)
    return inputs


def import_questions(*, actor: Any, bank: QuestionBank, upload: Any) -> ImportResult:
    """Read an xlsx or docx upload into the bank: every question written, or — with any error — none, and
    the errors listed. A file that cannot be read at all is a ValidationError on "file"."""
    require_at(actor, svc.CHANGE, bank.org_unit.path)
    kind = file_kind(upload)
    result = ImportResult(fmt=kind)
    items: list[tuple[str, dict[str, Any], list[tuple[str, str]]]]
    if kind == "xlsx":
        items = [(where, raw, []) for where, raw in read_xlsx(upload)]
        if not items:
            raise ValidationError({"file": MSG_EMPTY_XLSX})
    elif kind == "docx":
        lines, paragraphs = _doc_lines(upload)
        items = parse_docx_lines(lines)
        if not items:
            # only now: a paragraph's style lookup is slow in python-docx (2,000 questions: seconds)
            auto_numbered = any(_auto_numbered(p) for p in paragraphs[:200])
            raise ValidationError({"file": MSG_AUTO_NUMBER if auto_numbered else MSG_EMPTY_DOCX})
    else:
        raise ValidationError({"file": MSG_FILE_KIND})
    result.total = len(items)
    inputs = check_all(items, result)
    if result.errors:
        return result
    svc.questions_insert(actor=actor, bank=bank, inputs=inputs, source=upload.name or "")  # one transaction
    result.count = len(inputs)
    for i in inputs:
        result.kinds[i.kind] = result.kinds.get(i.kind, 0) + 1
    return result
