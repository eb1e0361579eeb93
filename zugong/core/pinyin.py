"""Pinyin for person names: full pinyin and initials, for search ("zs" finds 张三).

The surname is read from a table of surname readings (单 shan, 曾 zeng, 长孙 zhangsun), and the
given name is converted on its own, so phrase segmentation never reads across the two
(pypinyin would otherwise see 市长 in 重庆市长寿区, or 长 in 李长寿 as zhang).
"""

from __future__ import annotations

import functools

from pypinyin import lazy_pinyin

COMPOUND_SURNAMES = {
    "欧阳": ("ou", "yang"), "司马": ("si", "ma"), "上官": ("shang", "guan"), "诸葛": ("zhu", "ge"), "东方": ("dong", "fang"),
    "皇甫": ("huang", "fu"), "尉迟": ("yu", "chi"), "长孙": ("zhang", "sun"), "慕容": ("mu", "rong"), "令狐": ("ling", "hu"),
    "司徒": ("si", "tu"), "夏侯": ("xia", "hou"), "轩辕": ("xuan", "yuan"), "宇文": ("yu", "wen"), "公孙": ("gong", "sun"),
    "端木": ("duan", "mu"), "独孤": ("du", "gu"), "南宫": ("nan", "gong"), "西门": ("xi", "men"), "万俟": ("mo", "qi"),
    "呼延": ("hu", "yan"), "澹台": ("tan", "tai"), "百里": ("bai", "li"), "钟离": ("zhong", "li"), "申屠": ("shen", "tu"),
}
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao",
    "盖": "ge", "翟": "zhai", "覃": "qin", "乐": "yue", "召": "shao", "员": "yun", "缪": "miao",
    "秘": "bi", "柏": "bai", "种": "chong", "燕": "yan", "繁": "po", "藏": "zang", "那": "na",
    "石": "shi", "沈": "shen", "宿": "su", "洗": "xian", "冼": "xian", "蕃": "pi", "隗": "wei",
    "句": "gou", "相": "xiang", "折": "she", "阚": "kan", "过": "guo", "华": "hua", "纪": "ji",
    "尉": "wei", "朝": "chao", "重": "chong", "长": "chang", "舍": "she", "任": "ren", "宁": "ning",
    "贲": "ben", "谌": "chen", "恽": "yun", "祭": "zhai", "虢": "guo", "厍": "she", "殷": "yin",
}


@functools.lru_cache(maxsize=65536)
def _phrase(text: str) -> tuple[str, ...]:
    return tuple(p.lower() for p in lazy_pinyin(text) if p.strip())


@functools.lru_cache(maxsize=131072)
def name_pinyin(name: str) -> tuple[str, str]:
    """(full pinyin without spaces, initials), lower case: 张三 -> ("zhangsan", "zs")."""
    name = name.strip()
    if not name:
        return "", ""
    if name[:2] in COMPOUND_SURNAMES and len(name) > 2:
        surname = list(COMPOUND_SURNAMES[name[:2]])
        rest = name[2:]
    elif name[0] in SURNAME_READINGS:
        surname, rest = [SURNAME_READINGS[name[0]]], name[1:]
    else:
        surname, rest = list(_phrase(name[0])), name[1:]
    if not ("\u4e00" <= name[0] <= "\u9fff"):
        return name.lower().replace(" ", ""), "".join(w[0] for w in name.lower().split())
    parts = [*surname, *(_phrase(rest) if rest else ())]
    parts = [p for p in parts if p]
    return "".join(parts), "".join(p[0] for p in parts if p[0].isalpha())
