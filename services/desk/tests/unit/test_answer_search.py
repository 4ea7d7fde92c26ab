"""Finding a standard answer for a question asked in Chinese: jieba's segmentation with the domain's words kept
whole, synonyms meeting, and ranking by field, checked on answers written from the seeds (004's 常见投诉问题回复口径,
003's 问询接待) and real questions phrased unlike their titles."""
import json
from pathlib import Path

import pytest
from desk import segmenter
from desk.domain import answer_search as search
from desk.domain.answer_search import Candidate, canonical, expanded, index_terms, query_words, rank

FIXTURE = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "standard_answers.json").read_text())
cut = segmenter.cut_for_search


@pytest.fixture(scope="module")
def candidates():
    return [Candidate(a["key"], index_terms(a["title"], a["questions"], a["keywords"], a["answer"], cut), a["title"])
            for a in FIXTURE["answers"]]


def test_the_segmenter_keeps_the_fee_names_whole_and_gives_their_parts_for_the_index():
    words = cut("车位管理服务费调整说明")
    assert "车位管理服务费" in words and "车位" in words and "说明" in words


def test_the_dictionary_is_loaded_once_per_process():
    assert segmenter.tokenizer() is segmenter.tokenizer()


def test_price_rises_and_parking_fees_meet_whatever_they_are_called():
    assert {canonical(w) for w in ("涨价", "调价", "上调", "提价")} == {"涨价"}
    assert {canonical(w) for w in ("停车费", "车位费", "停车管理费", "车位管理服务费")} == {"停车费"}
    assert {"调价", "上调", "车位管理服务费"} <= set(expanded(["涨价", "停车费"]))


def test_question_words_drop_particles_and_question_words():
    assert query_words("停车费为什么涨价了?", cut)[-2:] == ["停车费", "涨价"]
    assert "为什么" not in query_words("停车费为什么涨价了?", cut)
    assert query_words("ＡＢＣ  停车费", cut)[0] == "abc"


def test_stopped_for_parking_fee_rise_finds_the_adjustment_notice_whose_title_says_neither(candidates):
    ranked = rank(query_words("停车费为什么涨价", cut), candidates)
    assert ranked[0].answer_id == "parking_fee"
    assert {"停车费", "涨价"} <= set(ranked[0].matched)


@pytest.mark.parametrize("case", FIXTURE["questions"], ids=[c["ask"] for c in FIXTURE["questions"]])
def test_a_real_question_ranks_its_answer_first(candidates, case):
    ranked = rank(query_words(case["ask"], cut), candidates)
    assert ranked and ranked[0].answer_id == case["expect"]


def test_a_title_match_outweighs_the_same_word_in_the_body():
    in_title = Candidate("a", {"title": ["宠物"], "questions": [], "keywords": [], "answer": []})
    in_body = Candidate("b", {"title": [], "questions": [], "keywords": [], "answer": ["宠物"]})
    in_questions = Candidate("c", {"title": [], "questions": ["狗"], "keywords": [], "answer": []})
    in_keywords = Candidate("d", {"title": [], "questions": [], "keywords": ["养狗"], "answer": []})
    assert [r.answer_id for r in rank(["宠物"], [in_body, in_keywords, in_questions, in_title])] == ["a", "c", "d", "b"]


def test_an_answer_sharing_no_word_is_not_a_result():
    only = Candidate("a", {"title": ["装修"], "questions": [], "keywords": [], "answer": []})
    assert rank(query_words("停车费", cut), [only]) == []


def test_a_word_in_several_fields_counts_in_each():
    both = Candidate("a", {"title": ["停车费"], "questions": ["车位费"], "keywords": [], "answer": []})
    points, matched = search.score(["停车费"], both.field_terms)
    assert points == search.FIELD_WEIGHTS["title"] + search.FIELD_WEIGHTS["questions"] and matched == ("停车费",)


def test_keywords_are_indexed_as_typed_and_in_their_pieces():
    terms = index_terms("标题", [], ["装修出入证"], "", cut)["keywords"]
    assert "装修出入证" in terms and "装修" in terms
