"""A feedback CSV without a header row: its first row is feedback, not column names, and a column of small whole
numbers is its rating (attack 7 M7: the first review became the header and was lost, the stars ignored)."""

from __future__ import annotations

import pytest

from cjm_assistant.evidence import read_feedback


def _write(tmp_path, text: str):
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_headerless_file_keeps_its_first_row_and_reads_its_stars(tmp_path):
    fb = read_feedback(_write(tmp_path, '5,"Great sweep, no mess"\n1,"Nobody answered the phone, rang three times"\n'
                                        '2,Certificate never came\n'))
    items = list(fb.items)
    assert [i.text for i in items] == ["Great sweep, no mess", "Nobody answered the phone, rang three times",
                                       "Certificate never came"]
    assert [i.row for i in items] == [1, 2, 3]
    assert [i.score for i in items] == [5, 1, 2]


def test_a_headerless_file_of_sentences_alone_keeps_every_row(tmp_path):
    fb = read_feedback(_write(tmp_path, "The van was late again this week,Tuesday\nLovely job on the kitchen tiles,"
                                        "Friday\n"))
    assert [i.text for i in fb.items] == ["The van was late again this week", "Lovely job on the kitchen tiles"]


@pytest.mark.parametrize("header", ["review,stars", "comment,rating", "Feedback,Score", "text,date"])
def test_a_header_row_is_still_a_header(tmp_path, header):
    fb = read_feedback(_write(tmp_path, f"{header}\nGood,5\nSlow replies and a rude driver,2\n"))
    assert [i.text for i in fb.items] == ["Good", "Slow replies and a rude driver"]


def test_a_rating_column_in_words_is_read_on_a_five_point_scale(tmp_path):
    # attack 7 L1: "terrible", "excellent", "poor" in a rating column gave "no rating column"
    fb = read_feedback(_write(tmp_path, "rating,comment\nterrible,He came on Tuesday\nExcellent!,He came on Thursday\n"
                                        "Poor.,The certificate came by post\nvery good,Came when he said\n"))
    assert fb.columns["score"] == "rating"
    assert [i.score for i in fb.items] == [1, 5, 2, 5]


def test_one_word_comments_stay_the_text_when_a_rating_column_is_there(tmp_path):
    fb = read_feedback(_write(tmp_path, "comment,stars\nGreat,5\nGood,4\nok,3\nThe van was late,1\n"))
    assert fb.columns["text"] == "comment" and fb.columns["score"] == "stars"
    assert [i.text for i in fb.items] == ["Great", "Good", "ok", "The van was late"]


@pytest.mark.parametrize("text, first", [
    ("Delivery late\nLovely cake, will order again\n", "Delivery late"),  # one column, no header
    ("excellent,Lovely cake\npoor,Late again\n", "Lovely cake"),  # a rating in words first
])
def test_a_headerless_file_whose_first_row_looks_short_keeps_it(tmp_path, text, first):
    fb = read_feedback(_write(tmp_path, text))
    assert [i.text for i in fb.items][0] == first and len(list(fb.items)) == 2


@pytest.mark.parametrize("header", ["Feedback", "What could we do better?", "Comments"])
def test_a_one_column_file_with_a_header_keeps_it_as_the_header(tmp_path, header):
    fb = read_feedback(_write(tmp_path, f"{header}\nDelivery late\nLovely cake\n"))
    assert [i.text for i in fb.items] == ["Delivery late", "Lovely cake"]


def test_a_first_row_with_a_rating_is_feedback_whatever_its_words_name(tmp_path):
    # "on time" names no column: "excellent,Lovely cake and on time" was taken for a header (attack 8)
    fb = read_feedback(_write(tmp_path, "excellent,Lovely cake and on time\npoor,The delivery was late\ngood,Nice\n"))
    assert [i.text for i in fb.items] == ["Lovely cake and on time", "The delivery was late", "Nice"]
    assert [i.score for i in fb.items] == [5, 2, 4]


@pytest.mark.parametrize("header", ["Were you satisfied? (Yes/No)", "Were you happy with your order? (Yes/No)"])
def test_a_yes_no_answer_is_a_rating_that_leans_without_being_the_end_of_a_scale(tmp_path, header):
    # a yes/no column was read as no rating at all ("Order no" style: the header ended in "no")
    fb = read_feedback(_write(tmp_path, f"Comment,{header}\nShirts perfect,Yes\nNobody came to collect,No\n"))
    assert fb.columns["score"] == header and fb.scale.label == "yes/no"
    assert [i.score for i in fb.items] == [4, 2]  # a lean each way, not top or bottom marks


def test_an_order_number_column_is_still_no_rating(tmp_path):
    fb = read_feedback(_write(tmp_path, "Order no,Comment\n4317,Lovely sausages as always\n4324,No eggs again\n"))
    assert fb.columns["score"] is None and fb.columns["text"] == "Comment"
