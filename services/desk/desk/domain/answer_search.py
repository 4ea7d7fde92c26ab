"""Finding the standard answer for a question asked in Chinese (DK-5): index terms, synonyms, ranking.

Chinese has no spaces, so text is cut into words by a segmenter passed in (jieba's cut_for_search, loaded once per
process in desk.segmenter); these rules only normalise the words, join synonyms people use for the same thing, and
rank answers by the words they share with the question, weighted by where in the answer they stand. Pure."""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Cut = Callable[[str], Iterable[str]]

#: Where a matched word counts most: the title says what the answer is about, the common questions are how people
#: ask it, keywords are the editor's hints, the answer text mentions many things in passing.
FIELD_WEIGHTS = {"title": 8, "questions": 5, "keywords": 4, "answer": 1}
FIELDS = tuple(FIELD_WEIGHTS)

#: Words callers and handbooks use for the same thing; the first of each group is the one they all count as.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("涨价", "调价", "上调", "提价", "加价", "调高", "涨", "价格调整", "收费调整", "调整收费", "费用上涨"),
    ("停车费", "车位费", "停车管理费", "车位管理服务费", "车位管理费", "停车服务费", "停车收费", "停车场收费", "月卡费"),
    ("物业费", "物业管理费", "物业服务费", "管理费"),
    ("宠物", "养狗", "狗", "犬", "遛狗", "狗叫", "养猫", "猫", "鸽子", "养鸽子", "养鸟"),
    ("噪音", "噪声", "吵", "太吵", "吵闹", "扰民", "吵人"),
    ("晨练", "广场舞", "跳舞", "早锻炼", "锻炼", "打麻将", "麻将"),
    ("高空抛物", "抛物", "扔东西", "往下扔", "乱扔", "楼上扔", "坠物"),
    ("违章搭建", "违建", "私搭乱建", "搭建", "加建", "搭棚", "棚子", "搭", "封阳台"),
    ("乱摆放", "乱堆放", "乱放", "堆放", "乱堆", "堆", "堆物", "占用", "杂物", "占道"),
    ("捡垃圾", "拾荒", "收废品", "翻垃圾桶", "捡破烂"),
    ("装修", "装修手续", "装修申请", "施工", "二次装修"),
    ("维修", "报修", "修理", "坏了", "漏水", "维修费"),
    ("停水", "没水", "断水"),
    ("停电", "没电", "断电"),
    ("访客", "来访", "拜访", "找人"),
    ("公交", "公交车", "公交线路", "坐车", "巴士"),
    ("保洁", "清洁", "卫生", "打扫", "垃圾"),
    ("绿化", "草坪", "树木", "修剪"),
)

#: Words that say nothing about what is asked (question words, particles, pronouns).
STOPWORDS = frozenset({
    "的", "了", "吗", "呢", "吧", "啊", "呀", "嘛", "么", "是", "在", "和", "与", "及", "或", "也", "都", "就", "还", "又",
    "我", "我们", "你", "你们", "您", "他", "她", "他们", "它", "这", "那", "这个", "那个", "这么", "那么", "有", "没有",
    "为什么", "什么", "怎么", "怎么办", "怎样", "如何", "为何", "多少", "哪里", "哪儿", "能", "能不能", "可以", "可不可以",
    "要", "会", "让", "被", "把", "给", "从", "对", "请问", "请", "一下", "一直", "总是", "老是", "好多", "很多", "太",
    "里", "上", "下", "说", "问", "一", "个", "不", "每次", "现在",
})

_CANONICAL = {word: group[0] for group in SYNONYMS for word in group}


def domain_words() -> list[str]:
    """Words the segmenter must keep whole (it would cut 车位管理服务费 into pieces that meet nothing)."""
    return [word for group in SYNONYMS for word in group if len(word) > 1]


def normalise(word: str) -> str:
    """Full-width letters and digits as half-width, Latin in lower case, no surrounding blanks."""
    return unicodedata.normalize("NFKC", word).strip().lower()


def canonical(word: str) -> str:
    """The word all its synonyms count as."""
    return _CANONICAL.get(word, word)


def _meaningful(word: str) -> bool:
    return bool(word) and word not in STOPWORDS and any(ch.isalnum() for ch in word)


def words_of(text: str, cut: Cut) -> list[str]:
    """The words of `text` worth indexing, as written (normalised), without repeats, in order."""
    seen: dict[str, None] = {}
    for piece in cut(normalise(text)):
        word = normalise(piece)
        if _meaningful(word):
            seen.setdefault(word, None)
    return list(seen)


def index_terms(title: str, questions: list[str], keywords: list[str], answer: str, cut: Cut) -> dict[str, list[str]]:
    """Each field's words, as stored on the answer (the union is the indexed multikey `terms`)."""
    return {"title": words_of(title, cut), "questions": words_of("\n".join(questions), cut),
            # A keyword is a term as the editor typed it, and its pieces.
            "keywords": list(dict.fromkeys([normalise(k) for k in keywords if _meaningful(normalise(k))]
                                           + words_of(" ".join(keywords), cut))),
            "answer": words_of(answer, cut)}


def all_terms(field_terms: dict[str, list[str]]) -> list[str]:
    return sorted({term for terms in field_terms.values() for term in terms})


def query_words(question: str, cut: Cut) -> list[str]:
    """The question's meaningful words, each as its synonym group's word."""
    return list(dict.fromkeys(canonical(word) for word in words_of(question, cut)))


def expanded(words: Iterable[str]) -> list[str]:
    """Every stored spelling that counts as one of `words`: what the index is asked for."""
    groups = {word: [w for group in SYNONYMS if group[0] == word for w in group] or [word] for word in words}
    return sorted({spelling for spellings in groups.values() for spelling in spellings})


@dataclass(frozen=True)
class Candidate:
    answer_id: str
    field_terms: dict[str, list[str]]
    title: str = ""


@dataclass(frozen=True)
class Ranked:
    answer_id: str
    score: float
    matched: tuple[str, ...]


def _weight(word: str) -> float:
    # A longer word is a more particular one: 停车费 says more than 停车, and 车 almost nothing.
    return 1.0 if len(word) >= 2 else 0.5


def score(words: list[str], field_terms: dict[str, list[str]]) -> tuple[float, tuple[str, ...]]:
    """Each question word counts once per field it appears in (as any of its synonyms), by the field's weight."""
    total, matched = 0.0, []
    for word in dict.fromkeys(words):
        gained = sum(FIELD_WEIGHTS[f] for f in FIELDS if word in {canonical(t) for t in field_terms.get(f, ())})
        if gained:
            total += gained * _weight(word)
            matched.append(word)
    return total, tuple(matched)


def rank(words: list[str], candidates: Iterable[Candidate]) -> list[Ranked]:
    """The candidates that share a word with the question, best first: by score, then by how many of the
    question's words they meet, then by title (so the order is stable)."""
    scored = []
    for candidate in candidates:
        points, matched = score(words, candidate.field_terms)
        if points > 0:
            scored.append((candidate, Ranked(candidate.answer_id, points, matched)))
    scored.sort(key=lambda pair: (-pair[1].score, -len(pair[1].matched), pair[0].title, pair[0].answer_id))
    return [ranked for _, ranked in scored]
