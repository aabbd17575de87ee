"""Round two, session 13: evidence files as they come (attack 15)."""

from __future__ import annotations

import pytest


def test_a_quote_still_open_at_the_end_of_the_file_is_refused_even_with_two_rows_after_it(tmp_path):
    from cjm_assistant.evidence import read_feedback
    from cjm_assistant.evidence.formats import EvidenceError

    path = tmp_path / "fb.csv"
    path.write_text('date,rating,review\n2026-03-01,2,"Queue at the counter was long\n'
                    '2026-03-02,1,Proofs late again\n2026-03-03,1,Rude staff at the counter\n', encoding="utf-8")
    with pytest.raises(EvidenceError, match=r"line 2 of fb\.csv opens a quote .* never closed.* 2 lines after it"):
        read_feedback(path)
    path.write_text('date,rating,review\n2026-03-01,2,"Queue was long\n2026-03-02,1,Proofs late\n', encoding="utf-8")
    with pytest.raises(EvidenceError, match=r"1 line after it"):
        read_feedback(path)


@pytest.mark.parametrize("text", [
    # a quoted review over a few lines that closes its quote is one review, however many commas it holds
    'date,rating,review\n2026-03-01,2,"Queue was long,\n2026-03-02, they said, come back later"\n'
    '2026-03-03,5,Lovely\n',
    'date,rating,review\n2026-03-01,2,"Queue was long,\n2026-03-02, they said, come back later"\n',
    # Excel's sep= line before a closed multi-line review
    'sep=,\ndate,rating,review\n2026-03-01,2,"Queue was long,\n2026-03-02, they said, come back"\n',
])
def test_a_closed_quote_over_several_lines_is_one_review(tmp_path, text):
    from cjm_assistant.evidence import read_feedback

    path = tmp_path / "fb.csv"
    path.write_text(text, encoding="utf-8")
    items = read_feedback(path).items
    assert items[0].text.startswith("Queue was long") and "come back" in items[0].text
    assert items[0].score == 2.0


def test_a_french_note_column_of_numbers_is_the_rating(tmp_path):
    from cjm_assistant.evidence import read_feedback

    path = tmp_path / "avis.csv"
    path.write_bytes("Date;Note;Avis\r\n01/03/2026;4,5;Super service\r\n02/03/2026;1;La file au comptoir\r\n"
                     .encode("utf-8"))
    items = read_feedback(path).items
    assert [(i.text, i.score) for i in items] == [("Super service", 4.5), ("La file au comptoir", 1.0)]


def test_a_notes_column_of_words_is_still_text_and_no_rating(tmp_path):
    from cjm_assistant.evidence import read_feedback

    path = tmp_path / "tickets.csv"
    path.write_text("Ticket,Notes\n1,Parcel arrived late and damaged\n2,Could you change my address please\n",
                    encoding="utf-8")
    items = read_feedback(path).items
    assert [i.text for i in items][0] == "Parcel arrived late and damaged"
    assert all(i.score is None for i in items)


def test_a_quote_still_open_at_the_end_of_a_one_column_file_is_refused(tmp_path):
    from cjm_assistant.evidence import read_feedback
    from cjm_assistant.evidence.formats import EvidenceError

    path = tmp_path / "comments.csv"
    path.write_text('review\nGreat groom\n"Van was late and never called\nGood\n', encoding="utf-8")
    with pytest.raises(EvidenceError, match=r"line 3 of comments\.csv opens a quote .* never closed"):
        read_feedback(path)
    path.write_text('review\nGreat groom\n"Van was late.\nNever called."\nGood\n', encoding="utf-8")
    assert [i.text for i in read_feedback(path).items][-1] == "Good"


def test_a_closing_thanks_is_no_praise_of_the_fault_reported(tmp_path):
    """'... the booking page shows an error when I click pay. Thanks so much!' was one part read as praise, so it
    could never count against a pain point (attack 17). A thanks after praise is still praise."""
    import json

    from cjm_assistant import cli

    answers = tmp_path / "a.toml"
    answers.write_text('business = "Mobile dog groomer"\ncustomers = "dog owners"\n'
                       'journey = "they find us on facebook, book a slot online, we groom in the van, they pay"\n',
                       encoding="utf-8")
    db = str(tmp_path / "cjm.db")
    assert cli.main(["--db", db, "new", "--answers", str(answers)]) == 0
    path = tmp_path / "tickets.csv"
    path.write_text('Ticket,Message\n1,"Hi, just to let you know the booking page shows an error when I click pay. '
                    'Thanks so much!"\n2,"Lovely groom as always. Thanks!"\n', encoding="utf-8")
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["--db", db, "evidence", str(path), "--report", "json"]) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines() if line.startswith("{")]
    assert rows[0]["sentiment"] != "positive" and all(p["sentiment"] != "positive" for p in rows[0]["parts"])
    assert rows[1]["sentiment"] == "positive"
