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
