"""The evidence rules, one test each: rating scales, negation, clause split, the placement threshold,
praise never supporting a pain point, contradiction read as praise, the provenance threshold, the report,
--assign, --why, the m007 migration and streaming in bounded memory.

The map is the development salon (tests/dev/evidence/salon.map.json): pp10 “Rushed consultation” is
inferred there (a guess, °); pp11 “Final bill higher than the quoted price” is the owner's own.
"""

from __future__ import annotations

import json
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_evidence import run

from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.evidence import analyse, read_feedback
from cjm_assistant.evidence import sentiment as sn
from cjm_assistant.evidence.columns import rating_scale
from cjm_assistant.evidence.match import CLEAR_BY, PLACE_AT, Matcher
from cjm_assistant.evidence.placement import confidence
from cjm_assistant.export.jsonio import from_json

DEV = Path(__file__).resolve().parent / "dev" / "evidence"
SALON = DEV / "salon.map.json"


@pytest.fixture(scope="module")
def salon():
    return from_json(SALON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def matcher(salon):
    return Matcher(salon)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- ratings -----------------------------------------------------------------------------------


@pytest.mark.parametrize("header, values, kind, label, low, high", [
    ("Stars", (1, 5), "stars", "1-5 stars", 2, 4),
    ("rating", (2, 4), "stars", "1-5 stars", 2, 4),
    ("NPS", (3, 8), "nps", "NPS 0-10", 6, 9),  # the header says NPS even without a 0 or 10 in the data
    ("How likely are you to recommend us?", (0, 10), "nps", "NPS 0-10", 6, 9),
    ("score", (0, 10), "nps", "NPS 0-10", 6, 9),
    ("CSAT", (1, 5), "csat", "CSAT 1-5", 2, 4),
    ("Satisfaction (1-7)", (2, 6), "csat", "CSAT 1-7", 3, 5),
    ("grade", (10, 95), "percent", "0-100", 40, 80),
])
def test_the_rating_scale_is_read_from_the_header_and_the_values(header, values, kind, label, low, high):
    scale = rating_scale(header, values)
    assert (scale.kind, scale.label, scale.low, scale.high) == (kind, label, low, high)


@pytest.mark.parametrize("header", ["Overall, how satisfied are you with us? (1-5)", "How would you rate us, 0 to 10",
                                    "Score out of 5", "How likely are you to come back?"])
def test_a_rating_column_is_found_by_a_scale_in_its_header_or_a_satisfaction_word(header):
    from cjm_assistant.evidence.columns import role_of

    assert role_of(header) == "score"
    assert role_of("Tell us about it (1-2 lines)") == "text"


def test_a_rating_reads_low_middle_or_high_on_its_scale():
    stars, nps = rating_scale("stars", (1, 5)), rating_scale("NPS", (0, 10))
    assert [stars.reading(v) for v in (1, 2, 3, 4, 5)] == [-1, -1, 0, 1, 1]
    assert [nps.reading(v) for v in (0, 6, 7, 8, 9, 10)] == [-1, -1, 0, 0, 1, 1]
    assert stars.extreme(5) and stars.extreme(1) and not stars.extreme(4)


def test_the_rating_column_is_shown_to_the_user(tmp_path):
    path = write(tmp_path, "r.csv", "Review,Stars\nLovely,5\nSlow,1\n")
    described = read_feedback(path).describe()
    assert "text column “Review”; rating column “Stars” (1-5 stars)" in described
    survey = write(tmp_path, "s.csv", "Response ID,NPS,What could we do better?\nR1,3,Your upload kept failing\n")
    feedback = read_feedback(survey)
    assert feedback.columns["text"] == "What could we do better?"  # never the identifier
    assert "(NPS 0-10)" in feedback.describe()


# -- sentiment ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, parts", [
    ("Lovely cut but my appointment started 20 mins late", ["Lovely cut", "but my appointment started 20 mins late"]),
    ("Great colour. Only 4 stars because no evening slots", ["Great colour.", "Only 4 stars because no evening slots"]),
    ("Nice salon; parking is awful", ["Nice salon", "parking is awful"]),
    ("Delivery 2 days late, cards were fine tho", ["Delivery 2 days late", "cards were fine tho"]),
    ("Friendly, although the wait was long", ["Friendly", "although the wait was long"]),
    # a turn word that ends its sentence turns nothing after it: it is no part by itself
    ("the booking page only showed dates 2 weeks out tho", ["the booking page only showed dates 2 weeks out tho"]),
    ("Quick to book. Would be nice if the text said what was done though.",
     ["Quick to book.", "Would be nice if the text said what was done though."]),
    # "the one thing that went right" is praise, no fault named; "the only issue" opens a fault, "the" with it
    ("Awful week and they were the one thing that went right", ["Awful week and they were the one thing that went right"]),
    ("Lovely staff, the only issue was parking", ["Lovely staff", "the only issue was parking"]),
    ("Great cut. The one thing I would change is the music", ["Great cut.", "The one thing I would change is the music"]),
])
def test_comments_are_split_into_their_clauses(text, parts):
    assert sn.split_parts(text) == parts


@pytest.mark.parametrize("text, reading", [
    ("The colour was not good at all", "negative"),  # negation of a sentiment word (vaderSentiment)
    ("Nobody picked up the phone", "negative"),  # a plain word negated: something expected did not happen
    ("The wait was really slow", "negative"),  # a service word vaderSentiment lacks, with an intensifier
    ("She was not rude at all", "positive"),
    ("Hi, please can you call me back. Thanks, Jo", "neutral"),  # politeness is not praise
])
def test_each_part_is_read_with_negation_and_intensifiers(matcher, text, reading):
    assert sn.leaning(sn.text_score(text, matcher.cues).score) == reading


def test_the_rating_decides_neutral_parts_and_weak_disagreement():
    assert sn.combine([0.0], 1) == (["positive"], "positive")
    assert sn.combine([0.0], -1) == (["negative"], "negative")
    assert sn.combine([-0.2], 1, extreme=True) == (["positive"], "positive")  # "no joining fee" at 5 stars
    assert sn.combine([0.6, -0.3], 1) == (["positive", "negative"], "mixed")  # 4 stars, praise then complaint
    assert sn.combine([0.4, -0.7], -1) == (["positive", "negative"], "mixed")  # low rating, praise kept
    assert sn.combine([0.0, 0.0], 0) == (["neutral", "neutral"], "neutral")


def test_a_negated_problem_word_is_a_problem_that_did_not_happen():
    # "problem" is this business's own word (a "Report a problem" stage), so vaderSentiment's valence for it is
    # left out of the reading; negated, it still says the problem did not happen
    cues = sn.Cues(frozenset(), frozenset({"problem"}))
    assert "problem" in cues.neutralised
    assert sn.leaning(sn.text_score("Driver found us no problem", cues).score) == "positive"
    assert sn.leaning(sn.text_score("Nobody picked up the phone", cues).score) == "negative"


def test_nudges_never_overturn_a_rating_only_the_words_themselves_can():
    # read -0.55 only because of nudges (vaderSentiment alone: -0.2): the 5 stars win
    assert sn.combine([-0.55], 1, extreme=True, words=[-0.2]) == (["positive"], "positive")
    # vaderSentiment itself reads it strongly as a complaint: it holds against the rating
    assert sn.combine([-0.6], 1, extreme=False, words=[-0.6]) == (["negative"], "negative")
    # ...but not alone against the best marks the scale has: a row given top marks is never only a complaint
    assert sn.combine([-0.6], 1, extreme=True, words=[-0.6]) == (["positive"], "positive")
    assert sn.combine([-0.6, 0.6], 1, extreme=True, words=[-0.6, 0.6]) == (["negative", "positive"], "mixed")


def test_a_contrast_the_customer_wrote_stays_mixed_even_at_the_top_of_the_scale():
    # "Driver got lost, but the pizza still arrived hot" at 5 stars: the complaint's own words lean negative
    assert sn.combine([-0.3, 0.4], 1, extreme=True, turns=[False, True]) == (["negative", "positive"], "mixed")
    # without the turn, a weak complaint beside praise gives way to 5 stars ("no contract, no joining fee")
    assert sn.combine([-0.3, 0.4], 1, extreme=True, turns=[False, False]) == (["positive", "positive"], "positive")


def test_at_the_best_marks_only_a_complaint_in_negative_words_is_evidence_of_a_pain_point(matcher):
    text = "Nobody picked up the phone when I rang to book, but the cut was lovely"
    best = matcher.match(text, 1, None, True)  # 5 stars: the contrast is kept (mixed) but proves nothing
    assert best.sentiment == "mixed" and best.target is None and all(p.pain_point is None for p in best.parts)
    assert matcher.match(text, 1, None, False).target == "pp3"  # 4 stars: a complaint the customer wrote
    assert matcher.match(text).target == "pp3"
    # "rushed" beside praise: evidence at 4 stars; at 5 the verdict model refitted on the 61 labelled dev files
    # (session 17) reads such a row as praise, as the labels mostly do, and a guard keeping it mixed cost 15 labelled
    # rows and added a praise row on a pain point: it is no evidence there, and never a complaint alone
    rated_well = matcher.match("The consultation felt rushed, but the colour is lovely", 1, None, False)
    assert rated_well.target == "pp10"
    top = matcher.match("The consultation felt rushed, but the colour is lovely", 1, None, True)
    assert top.sentiment != "negative"


def test_a_question_judges_nothing_whatever_the_rating(matcher):
    reading = sn.text_score("Are you open on Christmas eve?", matcher.cues)
    assert reading.asks and reading.score == 0.0
    assert sn.combine([0.0], 1, asks=[True]) == (["neutral"], "neutral")
    assert matcher.match("Do you do mens cuts on a Sunday?", 1, None, True).sentiment == "neutral"
    # a question that complains is not one that asks: "why can't I ..." is a request (a nudge), not neutral
    assert not sn.text_score("Why can't I book colour online?", matcher.cues).asks


def test_a_complaint_that_denies_a_pain_point_contradicts_it_and_never_supports_it(matcher):
    denied = matcher.match("I never felt rushed in the consultation", -1)
    assert denied.target is None and [p.contradicts for p in denied.parts] == ["pp10"]
    assert matcher.match("The consultation felt rushed", -1).target == "pp10"
    # the pain point negates the same words: the complaint agrees with it
    assert matcher.match("Colour appointments can't be booked online", -1).target == "pp4"


def test_a_five_star_review_with_no_contract_no_joining_fee_is_praise(matcher):
    match = matcher.match("no contract, no joining fee", 1, None, True)
    assert match.sentiment == "positive" and match.target is None
    assert all(p.pain_point is None for p in match.parts)


def test_a_low_rating_with_mixed_text_keeps_the_complaint_part_a_complaint(matcher):
    match = matcher.match("Lovely people but the appointment started 20 mins late", -1, None, True)
    assert match.sentiment == "mixed"
    complaint = next(p for p in match.parts if p.sentiment == "negative")
    assert "late" in complaint.text and complaint.stage_id == "st3" and match.stage_id == "st3"


# -- placement -----------------------------------------------------------------------------------


def test_confidence_is_high_for_a_clear_winner_and_low_when_stages_tie():
    assert confidence([6.0, 0.0, 0.0]) > 0.9
    assert confidence([2.0, 2.0, 0.0]) < 0.5
    assert confidence([0.2, 0.0, 0.0]) < PLACE_AT  # too little in common with the map
    assert confidence([]) == 0.0


def test_a_part_below_the_threshold_is_unplaced_and_the_row_too(matcher):
    match = matcher.match("Happy 10th birthday to you all!!")
    assert not match.placed and match.stage_id is None
    assert all(not p.placed and p.confidence < p.place_at for p in match.parts)
    assert "unplaced" in match.parts[0].reason()


def test_a_part_two_stages_fit_about_as_well_is_unplaced_with_the_runner_up_named(salon):
    # without the fitted model: "parking" is Arrive & wait's, "website" Find a salon's: confident enough, but
    # neither stage clearly ahead
    matcher = Matcher(salon, placement={})
    part = matcher.match("the parking and the website").parts[0]
    hits = sorted(h.score for h in matcher._read(part.text).hits)
    assert part.confidence >= PLACE_AT and hits[-2] > (1 - CLEAR_BY) * hits[-1]
    assert not part.placed and part.runner_up in {"Arrive & wait", "Find a salon"}
    assert "not clearly ahead of" in part.reason()
    clear = matcher.match("the coffee while I waited").parts[0]  # one stage well ahead: placed
    assert clear.placed and clear.stage_id == "st3" and clear.runner_up is None


def test_with_a_stage_model_a_part_below_its_threshold_is_unplaced_and_names_the_likeliest_other_stage(salon):
    # a model that weighs the shared words alone: the two stages the part names are about as likely, neither
    # reaches the threshold; a part one stage fits well is placed there
    matcher = Matcher(salon, placement={"weights": {"bm25": 1.0}, "threshold": 0.6})
    part = matcher.match("the parking and the website").parts[0]
    assert not part.placed and part.confidence < part.place_at == 0.6
    assert {part.runner_up, dict((s.id, s.name) for s in salon.stages)[part.stage_id]} == {"Arrive & wait",
                                                                                         "Find a salon"}
    assert "not clearly ahead of" not in part.reason() and "0.6" in part.reason()
    clear = matcher.match("the coffee while I waited").parts[0]
    assert clear.placed and clear.stage_id == "st3" and clear.confidence >= 0.6


def test_a_part_is_placed_by_the_stage_content_with_the_words_it_shares(matcher):
    match = matcher.match("The final bill was £40 more than the price I was quoted", -1)
    part = match.parts[0]
    assert part.placed and part.stage_id == "st5" and part.pain_point == "pp11"
    assert part.confidence >= PLACE_AT and "bill" in " ".join(part.pain_shared + part.shared)


# -- provenance ------------------------------------------------------------------------------------


def test_praise_never_supports_a_pain_point_and_contradiction_is_praise(salon, tmp_path):
    path = write(tmp_path, "praise.csv", "review,stars\n"
                 "\"Always kind, never rushed in the consultation\",5\n"
                 "\"Such a calm consultation, never rushed at all\",5\n"
                 "\"Never felt rushed in my consultation, lovely\",5\n")
    result = analyse(PlaybookEngine(), salon, read_feedback(path))
    assert not [op for op in result.ops if getattr(op, "pain_point", None) == "pp10"]  # mentions untouched
    assert all(row["pain_point_id"] is None for row in result.rows)
    assert any("praised what “Rushed consultation” says is a problem" in note for note in result.notes)


def complaints(salon, tmp_path, lines: list[str]):
    path = write(tmp_path, "c.csv", "review,stars\n" + "\n".join(lines) + "\nLovely,5\n")
    result = analyse(PlaybookEngine(), salon, read_feedback(path))
    return next(op for op in result.ops if getattr(op, "pain_point", None) == "pp10")


def test_one_confident_complaint_is_a_mention_not_proof(salon, tmp_path):
    op = complaints(salon, tmp_path, ["The consultation felt rushed and she did not listen,3"])
    assert op.mentions == 1 and op.provenance == "inferred"  # pp10 stays a guess (°)


def test_two_confident_complaints_make_an_inferred_pain_point_evidence_backed(salon, tmp_path):
    op = complaints(salon, tmp_path, ["The consultation felt rushed and she did not listen,3",
                                      "\"My consultation was rushed, she barely looked at my photos\",3"])
    assert op.mentions == 2 and op.provenance == "evidence"


def test_one_confident_complaint_with_a_low_rating_is_enough(salon, tmp_path):
    op = complaints(salon, tmp_path, ["The consultation felt rushed and she did not listen,1"])
    assert op.provenance == "evidence"


# -- the command line: report, --assign, --why ---------------------------------------------------------


@pytest.fixture
def salon_id(capsys) -> str:
    code, out, _ = run(capsys, "import", str(SALON))
    assert code == 0
    return out.strip().splitlines()[-1]


def test_the_report_is_one_json_object_per_row_and_saves_nothing(capsys, salon_id):
    code, out, err = run(capsys, "evidence", salon_id, str(DEV / "salon.csv"), "--report", "json")
    assert code == 0 and "Nothing was saved" in err and "Read 50 rows" in err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["row"] for r in rows] == list(range(1, 51))
    for r in rows:
        assert set(r) == {"row", "text", "sentiment", "score_used", "parts", "stage", "pain_point", "placed"}
        assert r["sentiment"] in ("negative", "positive", "mixed", "neutral")
        assert r["placed"] == (r["stage"] is not None)
        for p in r["parts"]:
            assert set(p) == {"text", "sentiment", "stage", "pain_point", "confidence", "placed"}
    third = rows[2]  # "Lovely cut but my appointment started 20 mins late and no one said sorry" (4 stars)
    assert third["score_used"] and len(third["parts"]) == 2 and third["sentiment"] == "mixed"
    assert third["stage"] == "Arrive & wait"
    assert rows[4]["score_used"] is False  # no rating on that row
    code, out, _ = run(capsys, "history", salon_id)
    assert len(out.strip().splitlines()) == 1


def test_the_report_has_a_line_for_a_row_with_no_text_and_says_it_was_skipped(capsys, salon_id, tmp_path):
    path = write(tmp_path, "gaps.csv", "review,stars\nLovely colour,5\n,3\nThe wait was long,2\n,4\n")
    code, out, err = run(capsys, "evidence", salon_id, str(path), "--report", "json")
    assert code == 0 and "2 rows with no text skipped" in err and "Nothing was saved" in err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["row"] for r in rows] == [1, 2, 3, 4]
    assert rows[1] == rows[3] | {"row": 2} == {"row": 2, "text": "", "sentiment": "neutral", "score_used": False,
                                               "parts": [], "stage": None, "pain_point": None, "placed": False}


def test_unplaced_rows_are_listed_and_can_be_assigned(capsys, salon_id, tmp_path):
    path = write(tmp_path, "f.csv", "review,stars\nHappy 10th birthday to you all!!,5\n"
                 "\"The final bill was higher than the quoted price\",1\n")
    code, out, _ = run(capsys, "evidence", salon_id, str(path), "--yes")
    assert code == 0 and "Unplaced (1" in out and "row 1: Happy 10th birthday" in out
    code, out, _ = run(capsys, "evidence", salon_id, "--list", "--unplaced")
    assert "f.csv:1" in out and "(unplaced)" in out
    code, out, _ = run(capsys, "evidence", salon_id, "--assign", "1", "Pay & rebook", "--pain-point", "pp12")
    # the row praises: it goes on the stage, and never counts for the pain point (attack 7 H5: it was rewritten as
    # a complaint and made a guess evidence-backed)
    assert code == 0 and "Assigned f.csv row 1 (1 part) to Pay & rebook;" in out and "saved version 3" in out
    assert "praise never counts for a pain point, so it is on the stage only" in out
    code, out, _ = run(capsys, "evidence", salon_id, "--list", "--unplaced")
    assert "No evidence stored" in out
    code, out, _ = run(capsys, "evidence", salon_id, "--list", "--pain-point", "pp12")
    assert "Happy 10th" not in out
    code, out, _ = run(capsys, "evidence", salon_id, "--list")
    line = next(line for line in out.splitlines() if "f.csv:1" in line)
    assert "Pay & rebook" in line and "pp12" not in line, line
    code, out, _ = run(capsys, "show", salon_id)
    assert "Pushy product recommendations at the till" in out
    code, _, err = run(capsys, "evidence", salon_id, "--assign", "1", "Find a salon", "--pain-point", "pp12")
    assert code == 1 and "is not on stage" in err
    code, _, err = run(capsys, "evidence", salon_id, "--assign", "99", "Find a salon")
    assert code == 1 and "no stored evidence row 99" in err
    run(capsys, "undo", salon_id)  # the assignment is a version: undo takes it back
    code, out, _ = run(capsys, "evidence", salon_id, "--list", "--unplaced")
    assert "f.csv:1" in out


def test_why_traces_every_evidence_backed_item_to_its_rows(capsys, salon_id, tmp_path):
    path = write(tmp_path, "rushed.csv", "review,stars\nThe consultation felt rushed and she did not listen,2\n"
                 "\"My consultation was rushed, she barely looked at my photos\",2\nLovely colour,5\n")
    run(capsys, "evidence", salon_id, str(path), "--yes")
    code, out, _ = run(capsys, "evidence", salon_id, "--list", "--why")
    assert code == 0
    assert "† pp10 “Rushed consultation” (Consultation & service): 2 rows" in out
    assert "rushed.csv:2  negative, confidence" in out and "“The consultation felt rushed" in out
    assert "why: shares " in out and "“consultation”" in out


def praise_thought(capsys, salon_id, tmp_path) -> str:
    """Import enough praise of one stage to add a thought quoting it (†); the thought's stage name."""
    path = write(tmp_path, "praise.csv", "review,stars\n" + "".join(
        f"\"{t}\",5\n" for t in ("The colour came out beautifully, the stylist was great",
                                   "Lovely colour and a great cut from my stylist",
                                   "My stylist did a great colour, really happy",
                                   "Great cut and colour, the stylist listened")))
    run(capsys, "evidence", salon_id, str(path), "--yes")
    code, out, _ = run(capsys, "export", salon_id, "-f", "json")
    stage = next(s for s in json.loads(out)["stages"] for t in s["thoughts"] if t["provenance"] == "evidence")
    return stage["name"]


def test_why_traces_a_praise_thought_to_the_rows_praising_its_stage(capsys, salon_id, tmp_path):
    """Every † names its rows: a thought quoting the praise of a stage lists the praise rows on that stage,
    the quoted one first (it said 0 rows)."""
    stage = praise_thought(capsys, salon_id, tmp_path)
    code, out, _ = run(capsys, "evidence", salon_id, "--list", "--why")
    head = next(line for line in out.splitlines() if line.startswith("† th"))
    assert f"({stage}): " in head and not head.endswith(": 0 rows") and "rows praising this stage" in head, head
    block = out.split(head, 1)[1].split("\n† ", 1)[0]
    assert "““" not in head, head  # the thought's own quotation marks, not a second pair
    quoted = head.split("“", 1)[1].split("”", 1)[0]
    first = next(line for line in block.splitlines() if "positive, confidence" in line)
    assert quoted in first and "praise.csv:" in first, (quoted, first)
    assert "why: " in block


def test_a_quoted_thought_is_not_quoted_twice_in_markdown(capsys, salon_id, tmp_path):
    """A thought that opens with its own quotation marks (praise quoted from the evidence) gets no second pair."""
    praise_thought(capsys, salon_id, tmp_path)
    code, md, _ = run(capsys, "export", salon_id, "-f", "md")
    assert code == 0 and "praise for this stage" in md
    assert "““" not in md and "””" not in md
    code, out, _ = run(capsys, "export", salon_id, "-f", "json")
    plain = [t["text"] for s in json.loads(out)["stages"] for t in s["thoughts"] if not t["text"].startswith("“")]
    assert plain and all(f"“{text}”" in md for text in plain)  # a plain thought keeps its pair


# -- the store ------------------------------------------------------------------------------------------


def test_m007_keeps_the_rows_stored_before_as_one_part_each(tmp_path):
    from sqlite_utils import Database

    from cjm_assistant.store import Store
    from cjm_assistant.store.schema import MIGRATIONS

    path = tmp_path / "old.db"
    old = Database(path)
    MIGRATIONS.apply(old, stop_before="m007_evidence_parts")
    old["maps"].insert({"id": "m1", "title": "t", "head": 1, "archived": 0})
    old["evidence"].insert_all([
        {"map_id": "m1", "source": "a.csv", "row": 2, "text": "slow", "stage_id": "st1", "pain_point_id": "pp1",
         "kind": "pain", "version": 1},
        {"map_id": "m1", "source": "a.csv", "row": 3, "text": "hi", "kind": "other", "version": 1}])
    old.close()
    with Store.open(path) as store:
        rows = list(store.db.query("SELECT row, text, part, sentiment, placed, pain_point_id FROM evidence"))
    assert rows == [{"row": 2, "text": "slow", "part": 1, "sentiment": "negative", "placed": 1, "pain_point_id": "pp1"},
                    {"row": 3, "text": "hi", "part": 1, "sentiment": "neutral", "placed": 0, "pain_point_id": None}]


# -- streaming -------------------------------------------------------------------------------------------


def _big(tmp_path: Path, rows: int) -> Path:
    lines = DEV.joinpath("salon.csv").read_text(encoding="utf-8").splitlines()
    header, body = lines[0], lines[1:]
    path = tmp_path / f"big-{rows}.csv"
    with path.open("w", encoding="utf-8") as f:
        f.write(header + "\n")
        for n in range(rows):
            f.write(body[n % len(body)].replace("2024-", f"{2000 + n % 25}-", 1) + "\n")
    return path


def _peak(salon, path: Path) -> tuple[int, int]:
    tracemalloc.start()
    result = analyse(PlaybookEngine(), salon, read_feedback(path))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, result.counts["placed"] + result.counts["unplaced"]


@pytest.mark.skipif(sys.platform == "win32", reason="memory figures differ")
def test_memory_stays_flat_as_the_file_grows(salon, tmp_path):
    _peak(salon, _big(tmp_path, 200))  # the first reading loads the sentiment lexicon (~70 MB): keep it out
    small_peak, small = _peak(salon, _big(tmp_path, 10_000))  # past the few MB the reading's buffers settle at
    big_peak, big = _peak(salon, _big(tmp_path, 30_000))
    assert (small, big) == (10_000, 30_000)
    assert big_peak < small_peak * 1.2 + 500_000, (small_peak, big_peak)  # not three times as much


# -- determinism -------------------------------------------------------------------------------------------

_SEEDED = """
import json, sys
from cjm_assistant.export.jsonio import from_json
from cjm_assistant.evidence.match import Matcher
m = Matcher(from_json(open(sys.argv[1], encoding="utf-8").read()))
out = []
for text, rating in [("Could not book by phone or on fresha, gave up", -1), ("Booked on fresha and by phone", 1),
                     ("Lovely cut but my appointment started 20 mins late", 0), ("Never felt rushed, lovely", None)]:
    match = m.match(text, rating)
    out.append([[p.text, p.sentiment, p.stage_id, p.pain_point, p.touchpoint_id, p.confidence, p.placed, p.reason()]
                for p in match.parts])
print(json.dumps(out))
"""


def test_the_reading_is_the_same_whatever_pythonhashseed_is():
    # sets of terms are walked in hash order: which of two channels a part names, and float sums, must not
    # depend on it
    import os
    import subprocess

    runs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", _SEEDED, str(SALON)], capture_output=True, text=True, env=env,
                              check=True)
        runs.add(done.stdout)
    assert len(runs) == 1


# -- issue 12 round 3: praise never on a pain point, and the kinds of comment sentiment misread ---------------


def test_praise_the_rating_reads_as_a_complaint_is_never_evidence_of_a_pain_point(matcher):
    # at 1 star a weak "fine" takes the rating's side in the hand reading, but its own words are praise: it proves no
    # pain point; the fitted verdict model may read it as the faint verdict it is (neutral), never as praise
    for text in ("The price on the website was fine", "The final bill was fine"):
        hand = Matcher(matcher.journey, verdicts={}).match(text, -1)
        assert hand.sentiment == "negative" and hand.target is None, text
        match = matcher.match(text, -1)
        assert match.sentiment in ("negative", "neutral") and match.target is None, text
        assert all(p.pain_point is None for p in [*match.parts, *hand.parts])
    assert matcher.match("The price on the website was out of date", -1).target == "pp1"  # a complaint does


def test_the_report_never_shows_a_pain_point_on_a_part_that_is_not_a_complaint(salon):
    from cjm_assistant.evidence.match import Match, PartMatch
    from cjm_assistant.evidence.reading import Feedback, FeedbackItem
    from cjm_assistant.evidence.report import Names, report_row

    stage = salon.stages[0].id
    praise = PartMatch("lovely", "positive", stage_id=stage, pain_point="pp10", placed=True)
    item = FeedbackItem(2, "lovely")
    row = report_row(Feedback("f.csv", Path("f.csv"), "csv", [item]), item, Match([praise], "positive"), Names(salon))
    assert row["pain_point"] is None and row["parts"][0]["pain_point"] is None


def test_an_exclamation_of_praise_on_a_complaint_is_sarcasm(matcher):
    # at 1 star, or beside what went wrong, "Great." / "Brilliant." says nothing good: the rest is read
    assert matcher.match("Great. Waited forty minutes past my appointment time.", -1).sentiment == "negative"
    assert matcher.match("Rang four times, nobody picked up. Brilliant.").sentiment == "negative"
    # on praise it is praise
    assert matcher.match("Lovely cut and a great colour. Brilliant.").sentiment == "positive"
    # ...and so is a wait the customer measures, unrated (s21: "Waited forty minutes" is read as a complaint)
    assert matcher.match("Great. Waited forty minutes past my appointment time.").sentiment == "negative"
    # with no complaint beside it and no rating, the exclamation stands
    assert matcher.match("Great. Booked in for Tuesday at ten.").parts[0].score > 0


def test_a_wish_or_request_names_what_is_missing_and_is_never_praise(matcher):
    reading = sn.text_score("I wish there was somewhere to park", matcher.cues)
    assert sn.leaning(reading.score) == "negative" and reading.vader <= 0
    # a polite suggestion asks without judging (round 5): neutral, never praise
    reading = sn.text_score("Would be nice to save my card details", matcher.cues)
    assert reading.asks and reading.score == 0 and reading.vader <= 0


@pytest.mark.parametrize("text", ["The colour took ages", "Third time this has happened",
                                  "Same problem with the dryer again today"])
def test_waiting_too_long_and_a_repeated_failure_are_complaints(matcher, text):
    assert sn.leaning(sn.text_score(text, matcher.cues).score) == "negative"


def test_a_row_that_asks_gives_no_verdict_but_indignation_is_no_question(matcher):
    # the rating does not make a question's plain statements a verdict, nor "free" praise
    asking = matcher.match("Do you do gluten free consultations? Might book in the summer", 1)
    assert asking.sentiment == "neutral"
    assert not sn.text_score("What extras?? The bill was 40 pounds more", matcher.cues).asks
    assert sn.text_score("The bill was 40 pounds more than quoted. Why", matcher.cues).nudges


def test_a_negated_concession_before_but_is_no_verdict_the_clause_after_weighs_more(matcher):
    match = matcher.match("I understand it is not your fault, but the wait was so stressful")
    assert match.sentiment == "negative" and [p.sentiment for p in match.parts] == ["neutral", "negative"]
    assert sn.concedes(["not your fault", "but it hurt"]) == [False, True]
    assert sn.concedes(["lovely cut", "but it hurt"]) == [False, False]  # no negation: a contrast, kept mixed


def test_a_neutral_clause_that_turns_complains_after_praise_but_only_goes_on_after_a_complaint():
    assert sn.combine([0.5, 0.0], None, turns=[False, True]) == (["positive", "negative"], "mixed")
    assert sn.combine([-0.4, 0.0], None, turns=[False, True]) == (["negative", "neutral"], "negative")


def test_at_the_bottom_of_the_scale_weak_praise_beside_a_complaint_gives_way_unless_a_contrast_is_written():
    assert sn.combine([0.3, -0.6], -1, extreme=True) == (["negative", "negative"], "negative")
    assert sn.combine([-0.6, 0.3], -1, extreme=True, turns=[False, True]) == (["negative", "positive"], "mixed")


@pytest.mark.parametrize("text", ["Can't fault them", "Wouldn't go anywhere else", "Can't recommend them enough",
                                  "Nothing was too much trouble", "Didn't have to wait at all",
                                  "Never had to chase them", "Sorted my knee pain in three sessions",
                                  "My back pain went away after two visits"])
def test_praise_said_through_a_negation_or_a_problem_put_right_is_praise(matcher, text):
    match = matcher.match(text)
    assert match.sentiment == "positive" and match.target is None, text


@pytest.mark.parametrize("text", ["Closed it as resolved, the dryer is still broken",
                                  "Please get the heating sorted, the basin was broken"])
def test_a_problem_only_said_or_asked_to_be_put_right_is_still_a_complaint(matcher, text):
    reading = sn.text_score(text, matcher.cues)
    assert "a problem put right" not in reading.nudges and sn.leaning(reading.score) == "negative"


def test_a_complaint_conceded_as_worth_it_keeps_the_row_mixed_but_is_never_evidence(matcher):
    # the labels' convention: what the customer paid (a wait, the price) is still a complaint beside the praise
    for rating in (None, 1):
        small = matcher.match("Had to wait a bit, but the colour is worth it", rating)
        assert small.sentiment == "mixed" and small.target is None, rating
        assert all(p.pain_point is None for p in small.parts)
    assert sn.worth_paying("but worth it in the end") and sn.worth_paying("you get what you pay for i suppose")
    # granted or put right, the complaint is no verdict at all
    assert not sn.worth_paying("but they did tell us in advance, fair enough")
    granted = matcher.match("The price went up but they did tell us in advance, fair enough", 1)
    assert granted.sentiment == "positive"


def test_a_complaint_made_small_before_but_is_still_a_complaint_beside_the_praise(matcher):
    assert matcher.match("Slightly annoying wait but the colour was lovely").sentiment == "mixed"
    assert sn.combine([-0.3, 0.6], None, turns=[False, True]) == (["negative", "positive"], "mixed")


@pytest.mark.parametrize("text", ["The fitter was spot on", "Went above and beyond for us", "Service was top notch",
                                  "10/10, first class"])
def test_praise_said_in_an_idiom_is_praise(matcher, text):
    reading = sn.text_score(text, matcher.cues)
    assert sn.leaning(reading.score) == "positive" and reading.score >= sn.STRONG, text


@pytest.mark.parametrize("text", ["It wasn't exactly spot on", "Could you make the booking a breeze?",
                                  "Still not first class"])
def test_an_idiom_of_praise_negated_asked_for_or_pending_is_no_praise(matcher, text):
    assert sn.leaning(sn.text_score(text, matcher.cues).score) != "positive", text


def test_a_part_whose_only_complaint_is_a_pain_point_word_is_no_evidence_unless_rated_low(matcher):
    # "quoted" is a word of "Final bill higher than the quoted price": sharing it proves nothing by itself
    assert matcher.match("The quoted price was exactly what I paid").target is None
    assert matcher.match("The quoted price was exactly what I paid", -1).target == "pp11"


# -- a subject column places rows -----------------------------------------------------------------------------


def test_a_subject_column_is_found_shown_and_kept_apart_from_the_text(tmp_path):
    path = write(tmp_path, "tickets.csv",
                 "Ticket ID,Subject,Description,Status\n"
                 "T1,Final bill,I was charged more than I expected,Open\n"
                 "T2,,Tried three times and it still does not work,Open\n")
    feedback = read_feedback(path)
    assert feedback.columns["text"] == "Description" and feedback.subject_column == "Subject"
    assert "subject column “Subject”" in feedback.describe()
    assert [i.subject for i in feedback.items] == ["Final bill", None]
    # a column that is not named as a subject, or holds long comments, is none
    other = write(tmp_path, "plain.csv", "Title,comment\n" + "".join(
        f"{' '.join(['word'] * 30)},fine {n}\n" for n in range(3)))
    assert read_feedback(other).subject_column is None


def test_the_subject_line_helps_place_a_row_and_find_its_pain_point_but_not_its_sentiment(matcher):
    text = "I was charged more than I expected"
    alone, titled = matcher.match(text, -1), matcher.match(text, -1, None, False, "Final bill")
    assert alone.target is None and titled.target == "pp11"  # “Final bill higher than the quoted price”
    praise = matcher.match("Lovely as always", None, None, False, "Final bill")
    assert praise.sentiment == "positive" and praise.target is None


def test_an_import_uses_the_subject_column(salon, tmp_path):
    path = write(tmp_path, "tickets.csv", "Subject,Description\nFinal bill,I was charged more than I expected\n")
    matches, _ = PlaybookEngine().classify_evidence(salon, read_feedback(path))
    assert [m.target for m in matches] == ["pp11"]


def test_what_the_customer_came_with_or_how_it_used_to_be_is_not_the_verdict(matcher):
    assert matcher.match("Came in with terrible back pain, left feeling great").sentiment == "positive"
    assert matcher.match("Used to be brilliant, now awful").sentiment == "negative"
    assert matcher.match("I used to love this place").sentiment == "negative"  # a lament: what is gone
    assert matcher.match("Came in with back pain and it is worse now").sentiment == "negative"


# -- issue 12 round 4: comma-joined opposites, praise never on a pain point, faint verdicts -------------------


def test_comma_joined_opposites_are_two_parts_each_read_and_placed_on_its_own(matcher):
    # each side has a topic word and an evaluative word of its own, and they lean opposite ways
    assert sn.split_parts("Stylist lovely, parking a nightmare") == ["Stylist lovely", "parking a nightmare"]
    match = matcher.match("Stylist lovely, parking a nightmare")
    assert match.sentiment == "mixed"
    praise, complaint = match.parts
    assert (praise.sentiment, praise.pain_point) == ("positive", None)
    assert (complaint.sentiment, complaint.stage_id, complaint.pain_point) == ("negative", "st3", "pp8")
    # a side without a topic or an evaluative word of its own stays with its neighbour
    assert sn.split_parts("Honestly, stylist lovely, parking a nightmare, to be fair") == [
        "Honestly, stylist lovely", "parking a nightmare, to be fair"]
    # a list that leans one way is one verdict
    assert sn.split_parts("Lovely staff, great colour, good price") == ["Lovely staff, great colour, good price"]


@pytest.mark.parametrize("text, rating", [("Bit of a mixed bag really", None), ("Mixed bag really", 1),
                                          ("Hit and miss, depends on the stylist", -1)])
def test_a_comment_that_says_it_is_mixed_is_mixed(matcher, text, rating):
    assert matcher.match(text, rating).sentiment == "mixed"
    assert matcher.match("Lovely colour, friendly stylist", rating).sentiment != "mixed"


_PRAISE = ("The stylist was lovely", "Great colour", "Booking online was easy", "Friendly welcome at reception",
           "The final bill was fine", "Quick and friendly, would recommend", "Fine")
_COMPLAINTS = ("Waited forty minutes past my appointment time", "Nobody answered the phone",
               "The bill was higher than the quoted price", "Parking was a nightmare", "The consultation felt rushed")
_FACTS = ("The quoted price was exactly what I paid", "I had a consultation first", "Paid at the desk by card")


@given(phrases=st.lists(st.tuples(st.sampled_from([_PRAISE, _COMPLAINTS, _FACTS]), st.integers(0, 6)),
                        min_size=1, max_size=4),
       joins=st.lists(st.sampled_from([". ", ", ", " but ", " - ", " and "]), min_size=3, max_size=3),
       rating=st.sampled_from([None, -1, 0, 1]), extreme=st.booleans())
def test_no_part_read_as_praise_is_ever_attached_to_a_pain_point(matcher, phrases, joins, rating, extreme):
    # rows built from praise, complaint and plain factual phrases, with any rating: a pain point is only ever on
    # a complaint part; its words include a complaint, or it turns against what came before ("... but ..."), or
    # (a fact only a low rating calls a complaint) no part of the row is read as praise; a row of praise alone
    # has none, whatever its rating
    chosen = [(kind[k % len(kind)], kind) for kind, k in phrases]
    text = chosen[0][0] + "".join(j + p for j, (p, _) in zip(joins, chosen[1:]))
    match = matcher.match(text, rating, extreme=extreme)
    praised = any(p.sentiment == "positive" for p in match.parts)
    for part in match.parts:
        if part.pain_point:
            assert part.sentiment == "negative" and sn.leaning(part.score) != "positive", (text, part)
            folded = " ".join(part.text.casefold().split())
            turns = bool(sn.TURN_START.search(part.text))  # the customer wrote the contrast: "..., but ..."
            assert any(c.casefold() in folded for c in _COMPLAINTS) or not praised or turns, (text, part)
    if all(kind is _PRAISE for _, kind in chosen):
        assert match.target is None and all(p.pain_point is None for p in match.parts), text


def test_a_low_rating_beside_praise_makes_no_pain_point_of_a_part_only_the_rating_calls_a_complaint(matcher):
    fact = "The quoted price was exactly what I paid"
    assert matcher.match(fact, -1).target == "pp11"  # alone, the low rating says what it is about
    match = matcher.match(f"Quick and friendly, would recommend. {fact}", -1)
    assert all(p.pain_point is None for p in match.parts)
    # a complaint in its own words still is evidence beside praise
    assert matcher.match("Quick and friendly. Overcharged, the final bill was higher than quoted", -1).target == "pp11"


@given(said=st.lists(st.sampled_from(["positive", "neutral", "negative", "praise", "mixed"]), min_size=1, max_size=3),
       rating=st.sampled_from([None, -1, 0, 1]))
def test_the_language_model_path_attaches_a_pain_point_only_to_a_part_it_read_as_a_complaint(salon, said, rating):
    # the model names a pain point on every part; only a part the model itself read as a complaint keeps it,
    # never praise, nor a neutral part a low rating pulls into a complaint
    from cjm_assistant.engines.llm import evidence as evidence_llm

    entry = evidence_llm.EvidenceEntry(i=0, parts=[evidence_llm.PartEntry(text=f"part {n}", sentiment=s, stage="st3",
                                                                          pain_point="pp7", confidence=0.9)
                                                   for n, s in enumerate(said)])
    match = evidence_llm._match(entry, "text", rating, evidence_llm._Known(salon), {})
    for part, s in zip(match.parts, said):
        assert (part.pain_point is not None) == (s == "negative" and part.sentiment == "negative"), (said, rating)


@pytest.mark.parametrize("text", ["Fine", "ok I guess", "it was alright", "Not bad", "The price on the website was fine"])
def test_a_faint_verdict_alone_is_neutral_not_praise(matcher, text):
    match = matcher.match(text)
    assert match.sentiment == "neutral" and match.parts[0].score == 0, text
    assert matcher.match(text, -1).target is None  # and a low rating makes no pain point of it


def test_a_faint_verdict_beside_a_complaint_is_what_went_well_and_at_best_is_poor(matcher):
    match = matcher.match("The cut itself was fine but the bill was overcharged by 30 pounds")
    assert match.sentiment == "mixed" and [p.sentiment for p in match.parts] == ["positive", "negative"]
    assert matcher.match("Mostly fine. The receptionist was rude about my booking").sentiment == "mixed"
    assert matcher.match("Lovely cut, fine").sentiment == "positive"  # beside praise it is praise
    assert sn.leaning(sn.text_score("The colour was average at best", matcher.cues).score) == "negative"


@pytest.mark.parametrize("text", ["how do I change my booking", "can I bring my daughter along",
                                  "Do you do gift vouchers"])
def test_a_question_without_its_question_mark_is_a_neutral_request(matcher, text):
    reading = sn.text_score(text, matcher.cues)
    assert reading.asks and reading.score == 0, text
    assert matcher.match(text, 1).sentiment == "neutral"
    assert not sn.text_score("Do recommend the colour", matcher.cues).asks  # no question opens like this


def test_a_stored_row_names_a_pain_point_only_for_a_complaint_and_a_row_moved_in_the_review_none(salon):
    from cjm_assistant.evidence.match import Match, PartMatch
    from cjm_assistant.evidence.reading import FeedbackItem
    from cjm_assistant.evidence.rows import RowSpool, part_row

    item = FeedbackItem(2, "lovely, but late")
    praise = PartMatch("lovely", "positive", stage_id="st3", pain_point="pp7", placed=True)
    complaint = PartMatch("but late", "negative", stage_id="st3", pain_point="pp7", placed=True)
    match = Match([praise, complaint], "mixed")
    spool = RowSpool()
    for n, part in enumerate(match.parts, 1):
        spool.append(part_row("f.csv", item, n, part, match))
    assert [r["pain_point_id"] for r in spool] == [None, "pp7"]
    spool.move({(2, 2): "st4"})  # the user puts the complaint on another stage in the review
    assert [(r["stage_id"], r["pain_point_id"]) for r in spool] == [("st3", None), ("st4", None)]


@pytest.mark.parametrize("text", ["wow, what a fantastic experience standing in the rain for an hour /s",
                                  "Brilliant, just brilliant. Two hours for a trim."])
def test_a_row_given_bottom_marks_is_never_read_as_only_praise(capsys, salon_id, tmp_path, text):
    # attack 7 H4: a 1-of-10 sarcastic row was praise, and then said to praise the owner's own pain point
    path = write(tmp_path, "nps.csv", f"comment,How likely are you to recommend us (0-10)\n\"{text}\",1\nLovely,10\n")
    code, out, _ = run(capsys, "evidence", salon_id, str(path), "--report", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and rows[0]["score_used"] and rows[0]["sentiment"] != "positive", rows[0]
    assert all(p["sentiment"] != "positive" for p in rows[0]["parts"])


def test_a_clause_whose_words_complain_is_no_praise_when_the_row_is_read_as_mixed(matcher):
    # a rating below the top gives every part its side; when the row is read as mixed, a part whose own words
    # complain (a late arrival, with its excuse) says so, and is not counted as praise of its moment
    match = matcher.match("Turned up a bit late because he couldn't park but the work was spot on", 1)
    assert match.sentiment == "mixed"
    late = next(p for p in match.parts if "late" in p.text)
    assert late.sentiment == "negative"


@pytest.mark.parametrize("text", ["Well, that took the biscuit", "This is the last straw", "Fed up of ringing round"])
def test_a_complaint_said_in_an_idiom_is_a_complaint(matcher, text):
    reading = sn.text_score(text, matcher.cues)
    assert sn.leaning(reading.score) == "negative" and reading.vader <= -sn.STRONG, text


def test_praise_of_the_time_lost_is_sarcasm_beside_a_complaint_and_meant_alone(matcher):
    row = matcher.match("The appointment started 45 minutes late. Lovely use of my morning.")
    assert row.sentiment == "negative" and all(p.sentiment != "positive" for p in row.parts)
    assert matcher.match("Great way to spend a Sunday afternoon").sentiment == "positive"


def test_a_suggestion_that_says_what_does_not_happen_now_complains(matcher):
    assert matcher.match("Would be nice if the booking page actually showed the free slots").sentiment == "negative"
    assert matcher.match("Would be nice if the booking page showed the free slots").sentiment == "neutral"


@pytest.mark.parametrize("text", ["Can't ask for more", "Never had a problem getting a slot",
                                  "Been coming for years, never had any trouble parking"])
def test_no_trouble_doing_something_and_nothing_more_to_ask_is_praise(matcher, text):
    assert matcher.match(text).sentiment == "positive", (text, matcher.match(text).parts)


def test_a_comment_that_names_its_one_complaint_beside_praise_is_mixed(matcher):
    assert sn.one_complaint("my only complaint is the bill") and sn.one_complaint("One gripe: the music")
    assert not sn.one_complaint("The bill was wrong again")
    # whatever the model would make of it: the customer says the rest went well
    for text in ("Friendly team, my only complaint is the bill was higher than quoted",
                 "Great colour, only niggle was the wait"):
        assert matcher.match(text).sentiment == "mixed", text


@pytest.mark.parametrize("text", ["Fwd from a review: 'the food was cold'. Nothing to do with you, sent to the wrong address",
                                  "A neighbour asked if the van could park elsewhere. Nothing to do with the job, just passing it on"])
def test_what_is_passed_on_as_nothing_to_do_with_the_business_gives_no_verdict(matcher, text):
    match = matcher.match(text)
    assert match.sentiment == "neutral" and all(p.pain_point is None for p in match.parts), match.parts


@pytest.mark.parametrize("text", ["Hi, please can you cancel my appointment on Friday. Thanks",
                                  "I'd like to cancel my membership from next month"])
def test_asking_to_cancel_is_an_errand_not_a_complaint(matcher, text):
    assert matcher.match(text).sentiment == "neutral", matcher.match(text).parts


def test_being_cancelled_on_still_complains(matcher):
    assert matcher.match("They cancelled my appointment an hour before").sentiment == "negative"


@pytest.mark.parametrize("text", ["Your subscription renews on 1 May. No action needed.",
                                  "Dear business owner, we noticed your website is not ranking on the first page of Google"])
def test_a_systems_notice_or_a_pitch_about_the_website_is_no_feedback(matcher, text):
    assert sn.not_feedback(text)
    assert matcher.match(text, -1).sentiment == "neutral"


def test_asking_whether_one_has_to_do_something_is_no_burden(matcher):
    assert matcher.match("Do I have to pay something this month?").sentiment == "neutral"
    assert matcher.match("I have to ring every time to book").sentiment == "negative"


def test_a_weak_part_keeps_the_side_another_part_holds_strongly_against_the_rating():
    # a strong complaint holds against a rating below the top; a weaker one beside it is not turned to praise
    assert sn.combine([-0.6, -0.3], 1) == (["negative", "negative"], "negative")
    # alone against the rating, a weak complaint still gives way to it, and a strong one does not
    assert sn.combine([-0.3], 1) == (["positive"], "positive")
    assert sn.combine([-0.6], 1) == (["negative"], "negative")
    # at the very end of the scale, with nothing agreeing with the rating, the rating wins as before
    assert sn.combine([-0.6, -0.3], 1, extreme=True) == (["positive", "positive"], "positive")


# -- round 10: praise of nothing in particular beside a complaint ---------------------------------


@pytest.mark.parametrize("text", [
    "Wonderful. The order came back with the handle snapped off. Just wonderful.",
    "Oh lovely, another month waiting for a reply. Really enjoying the silence.",
])
def test_praise_of_nothing_in_particular_beside_a_complaint_is_sarcasm(matcher, text):
    # an exclamation alone, or fondness for what the customer endured, said around a complaint with nothing else
    # praised: the row is a complaint and no part of it is praise
    m = matcher.match(text)
    assert m.sentiment == "negative", [(p.text, p.sentiment) for p in m.parts]
    assert not [p.text for p in m.parts if p.sentiment == "positive"]


def test_praise_of_nothing_in_particular_is_meant_alone_beside_praise_or_at_a_high_rating(matcher):
    assert matcher.match("Really loving the suspense.").sentiment != "negative"  # alone: it may be meant
    # beside praise of something, the exclamation is that praise's
    assert matcher.match("Lovely colour. Brilliant.").sentiment == "positive"
    assert sn.hollow_praise("Just fantastic.") and sn.hollow_praise("Enjoying the radio silence")
    assert not sn.hollow_praise("Fantastic colour.") and not sn.hollow_praise("Loving the new colour")


def test_yeah_right_is_disbelief_but_right_next_to_is_a_place(matcher):
    assert sn.sarcastic("Yeah right, 'next day'.") and sn.sarcastic("Yeah, right.")
    assert not sn.sarcastic("Yeah right next to the station, easy to find")
    m = matcher.match("Yeah right, 'next day'. It came a week later.")
    assert m.sentiment == "negative" and not [p for p in m.parts if p.sentiment == "positive"]


def _thoughts(capsys, salon_id, tmp_path, rows: tuple[tuple[str, int], ...]) -> list[str]:
    path = write(tmp_path, "praise.csv", "review,stars\n" + "".join(f"\"{t}\",{n}\n" for t, n in rows))
    run(capsys, "evidence", salon_id, str(path), "--yes")
    code, out, _ = run(capsys, "export", salon_id, "-f", "json")
    return [t["text"] for s in json.loads(out)["stages"] for t in s["thoughts"] if t["provenance"] == "evidence"]


def test_a_stage_s_praise_is_quoted_from_a_row_that_praises_not_from_a_complaint_with_praise_in_it(
        capsys, salon_id, tmp_path):
    # a mixed row quoted whole as "praise for this stage" puts its complaint on the map as praise
    complaint = "but the parking was a nightmare and I got a ticket"
    thoughts = _thoughts(capsys, salon_id, tmp_path, (
        (f"The colour came out beautifully, the stylist was great {complaint}", 3),
        (f"Lovely colour and a great cut from my stylist {complaint}", 3), ("Great colour by my stylist", 5),
        (f"My stylist did a great colour, really happy {complaint}", 3)))
    assert thoughts and all("parking" not in t for t in thoughts), thoughts
    assert any("Great colour by my stylist" in t for t in thoughts), thoughts


def test_when_every_praise_row_also_complains_only_the_praise_is_quoted(capsys, salon_id, tmp_path):
    complaint = "but the parking was a nightmare and I got a ticket"
    thoughts = _thoughts(capsys, salon_id, tmp_path, tuple((f"{praise} {complaint}", 3) for praise in (
        "The colour came out beautifully, the stylist was great", "Lovely colour and a great cut from my stylist",
        "My stylist did a great colour, really happy", "Great cut and colour, the stylist listened")))
    assert thoughts and all("parking" not in t and "praise for this stage" in t for t in thoughts), thoughts
