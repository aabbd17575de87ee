"""What attack 14 found from outside, each in the words and files a user gives (none of its businesses copied):
a denial carried over "or" after "we are not on", customers named "B2C ... and B2B ...", filler channel words
("just email"), a persona's bare "the portal" beside the business's "client portal", a persona said to have no
frustrations, and a semicolon CSV saved by Excel with a semicolon inside a quoted comment."""

from __future__ import annotations

import json
import re

import pytest

from cjm_assistant.evidence.formats import delimiter_of
from cjm_assistant.knowledge.channel_items import read_channels
from cjm_assistant.knowledge.detect import detect_business_model
from cjm_assistant.knowledge.lists import no_answer


def test_we_are_not_on_x_or_y_denies_both():
    channels, other = read_channels("email, our booking portal and phone. We are not on TikTok or Instagram")
    assert [c.name for c in channels] == ["Email", "Booking portal", "Phone"]
    assert "We are not on Instagram" in other and "We are not on TikTok" in other


def test_customers_named_b2c_and_b2b_apart_are_both():
    assert detect_business_model("B2C couples and families, and B2B for team days") == "B2B and B2C"


@pytest.mark.parametrize("text, names", [
    ("just email", ["Email"]), ("usually whatsapp, sometimes email", ["WhatsApp", "Email"]),
    ("only the phone", ["Phone"]),
])
def test_how_often_is_not_part_of_a_channels_name(text, names):
    assert [c.name for c in read_channels(text)[0]] == names


@pytest.mark.parametrize("text", ["nothing major I guess", "hmm, nothing in particular", "she's fine",
                                  "they seem happy enough", "all good", "everything is fine really"])
def test_saying_there_is_nothing_wrong_is_no_problem(text):
    assert no_answer(text)


@pytest.mark.parametrize("text", ["she can't find parking", "nothing arrives on time", "the portal is fine but slow"])
def test_a_real_problem_is_kept(text):
    assert not no_answer(text)


def test_a_map_has_no_pain_point_for_a_persona_said_to_have_none_nor_a_second_portal(new_map):
    journey = new_map(
        business="Pebble Testing, a lab testing pool water for hotels and gyms", customers="B2B: hotels and gyms",
        channels="email, our client portal and phone", problems="samples arrive warm after the courier",
        personas=[{"name": "Pool manager Pat", "frustrations": "hmm, dunno really, nothing major I guess",
                   "channels": "email and the portal"},
                  {"name": "Gym owner Gail", "frustrations": "none, she's fine", "channels": "phone"}])
    names = [pp["name"].casefold() for s in journey["stages"] for pp in s["pain_points"]]
    names += [pp["name"].casefold() for pp in journey.get("unplaced", [])]
    assert not [n for n in names if "nothing major" in n or n.startswith(("none", "she's fine", "dunno"))], names
    portals = [c["name"] for c in journey["channels"] if "portal" in c["name"].casefold()]
    assert portals == ["Client portal"], portals


def test_a_semicolon_csv_saved_by_excel_keeps_its_rating_column(tmp_path, capsys):
    from cjm_assistant import cli

    db = str(tmp_path / "cjm.db")
    answers = tmp_path / "answers.toml"
    answers.write_text('business = "Pebble Testing, a lab testing pool water for hotels"\n', encoding="utf-8")
    assert cli.main(["--db", db, "--engine", "playbook", "new", "--answers", str(answers)]) == 0
    map_id = capsys.readouterr().out.strip().splitlines()[-1]
    feedback = tmp_path / "nps.csv"
    feedback.write_bytes(b'NPS;Comments\r\n9;"Booking was quick"\r\n'
                         b'2;"The portal crashed twice; then the courier lost the box"\r\n'
                         b'0;"They lost our samples twice, never again"\r\n')
    assert delimiter_of(feedback.read_text(encoding="utf-8")) == ";"
    assert cli.main(["--db", db, "evidence", map_id, str(feedback), "--report", "json"]) == 0
    out = capsys.readouterr()
    rows = [json.loads(line) for line in out.out.splitlines() if line.startswith("{")]
    assert [r["text"] for r in rows][-1] == "They lost our samples twice, never again"
    assert rows[-1]["sentiment"] == "negative" and rows[-1]["score_used"]
    assert "NPS" in out.err


@pytest.mark.parametrize("sample, delimiter", [
    ("stars,review\n5,Great; loved it\n1,awful, never again\n", ","),
    ("a\tb\n1\tx, y\n", "\t"),
    ("id|text\n1|fine\n2|bad; slow\n", "|"),
])
def test_the_delimiter_is_the_one_that_reads_a_table(sample, delimiter):
    assert delimiter_of(sample) == delimiter


def _bakery_two() -> "JourneyMap":
    from cjm_assistant.domain.model import JourneyMap
    from tests.support.bakery import BAKERY

    data = dict(BAKERY)
    data["personas"] = [*BAKERY["personas"], {"id": "pe9", "name": "Zoë O'Brien", "summary": "bride"}]
    return JourneyMap.model_validate(data)


def test_a_persona_is_found_without_its_accent_for_an_export_and_an_instruction():
    from cjm_assistant.domain.views import find_persona
    from cjm_assistant.engines.instructions import propose

    journey = _bakery_two()
    assert find_persona(journey, "zoe").name == "Zoë O'Brien"
    assert find_persona(journey, "ZOE O’BRIEN").name == "Zoë O'Brien"
    op = propose(journey, "add a pain point 'Veil too long' to Delivery for Zoe").ops[0]
    assert list(op.personas) == ["pe9"]


def test_a_change_names_the_touchpoint_and_stage_never_their_ids():
    from cjm_assistant.domain import edits
    from cjm_assistant.domain.diff import diff_maps, to_text
    from cjm_assistant.engines.instructions import propose

    journey = _bakery_two()
    stage, pain = next((s, p) for s in journey.stages for p in s.pain_points if p.touchpoint)
    elsewhere = next(s for s in journey.stages if s.id != stage.id)
    moved = edits.apply(journey, [edits.MovePainPoint(pain_point=pain.id, stage=elsewhere.id)])
    text = to_text(diff_maps(journey, moved))
    assert "touchpoint: “" in text and not re.search(r"\b(?:tp|st|pp)\d+\b", text), text
    reply = propose(journey, "add a stage Hear about us at the start").reply
    assert f"(before '{journey.stages[0].name}')" in reply and not re.search(r"\bst\d+\b", reply), reply


@pytest.mark.parametrize("said, where", [
    ("add a stage Leave a review at the end", -1), ("add a stage Leave a review last", -1),
    ("add a stage Leave a review at the start", 0), ("add a stage Leave a review first", 0),
])
def test_where_a_new_stage_goes_is_not_part_of_its_name(said, where):
    from cjm_assistant.domain import edits
    from cjm_assistant.engines.instructions import propose

    journey = _bakery_two()
    after = edits.apply(journey, propose(journey, said).ops)
    assert after.stages[where].name == "Leave a review"


def test_evidence_is_assigned_to_a_pain_point_and_stage_named_by_some_of_their_words(tmp_path, capsys):
    from cjm_assistant import cli

    db = str(tmp_path / "cjm.db")
    answers = tmp_path / "answers.toml"
    answers.write_text('business = "Steam & Sea, a mobile sauna hire"\n'
                       'stages = ["Find us", "Book", "The session", "Pack up"]\n'
                       'problems = "the stove smokes if the wood is damp"\n', encoding="utf-8")
    assert cli.main(["--db", db, "--engine", "playbook", "new", "--answers", str(answers)]) == 0
    map_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert cli.main(["--db", db, "refine", map_id, "the damp wood problem happens at The session", "--yes"]) == 0
    feedback = tmp_path / "fb.csv"
    feedback.write_text("stars,review\n2,Stove was smoking the whole time\n1,The towels were wet\n", encoding="utf-8")
    assert cli.main(["--db", db, "evidence", map_id, str(feedback), "--yes"]) == 0
    capsys.readouterr()
    assert cli.main(["--db", db, "evidence", map_id, "--assign", "2", "the session", "--pain-point",
                     "stove smokes"]) == 0, capsys.readouterr().err
    assert cli.main(["--db", db, "evidence", map_id, "--list"]) == 0
    listed = capsys.readouterr().out
    assert "The stove smokes if the wood is damp" in listed


@pytest.mark.parametrize("text, expected", [
    ("brides book too late, six weeks before the wedding; dresses bought online are the wrong size",
     ["Brides book too late, six weeks before the wedding", "Dresses bought online are the wrong size"]),
    ("deliveries arrive late, two or three days after the date", ["Deliveries arrive late, two or three days after the date"]),
    ("the phone line is only open 10 till 2, monday to friday", ["The phone line is only open 10 till 2, monday to friday"]),
    ("slow replies, hidden prices, late deliveries", ["Slow replies", "Hidden prices", "Late deliveries"]),
])
def test_when_a_problem_happens_is_not_a_second_problem(text, expected):
    from cjm_assistant.knowledge.lists import split_statements

    assert split_statements(text) == expected


def test_asking_for_today_and_the_future_says_how_to_get_the_future_half():
    from cjm_assistant.domain.profile import Profile
    from cjm_assistant.engines.playbook.extract import extract

    out = extract("kind", "both, today and how we want it", Profile())
    assert out["kind"] == "current"
    assert any("cjm future" in a for a in out["assumptions"])
    assert "assumptions" not in extract("kind", "current state", Profile())


def test_cjm_new_says_the_future_half_of_both_is_drawn_from_today(tmp_path, capsys):
    from cjm_assistant import cli

    answers = tmp_path / "answers.toml"
    answers.write_text('business = "Seam & Veil, a bridal alterations studio"\nkind = "both, today and how we want it"\n',
                       encoding="utf-8")
    assert cli.main(["--db", str(tmp_path / "cjm.db"), "--engine", "playbook", "new", "--answers", str(answers)]) == 0
    out = capsys.readouterr()
    assert "cjm future MAP" in out.out + out.err


def test_an_unclosed_quote_is_refused_with_its_line_not_read_as_one_long_review(tmp_path):
    from cjm_assistant.evidence import read_feedback
    from cjm_assistant.evidence.formats import EvidenceError

    lines = ["stars,review", "5,Lovely work", '1,"The hem was crooked and ""fixed"" badly']
    lines += [f"{i % 5 + 1},Review number {i} about the fitting" for i in range(20)]
    path = tmp_path / "fb.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(EvidenceError, match=r"line 3 of fb\.csv opens a quote .* never closed.* 20 lines"):
        read_feedback(path)
    # a quoted review over several lines is a review, not a refused file
    path.write_text('stars,review\n1,"Late again.\nAnd rude.\nAnd cold."\n5,Lovely\n', encoding="utf-8")
    assert [i.text for i in read_feedback(path).items][1] == "Lovely"


def test_a_place_called_the_spot_is_no_awareness_step_and_it_stays_what_was_moved():
    from cjm_assistant.knowledge.steps import parse_steps, phase_of

    assert phase_of("we tow it to the spot")[0] is None
    assert phase_of("they spotted us at the market")[0] == "discover"
    names = [s.name for s in parse_steps("they find us on Instagram, pay a deposit, we tow it to the spot and light "
                                         "it, they sauna and swim in the sea")]
    assert "Light the spot" not in names and any("spot" in n for n in names), names
    assert [s.name for s in parse_steps("have a look at the piano and tune it")] == ["Have a look at the piano",
                                                                                   "Tune the piano"]


@pytest.mark.parametrize("problem, fix", [
    ("sample bottles go missing in the courier", "Track each sample bottle through the courier"),
    ("parcels often go missing in the post", "Track each parcel through the post"),
    ("purchase order numbers missing on invoices", "Add purchase order numbers to every invoice"),
])
def test_things_lost_on_the_way_are_tracked_not_added_to_the_carrier(problem, fix):
    from cjm_assistant.knowledge.rephrase import rephrase

    assert rephrase(problem).name == fix


def test_someone_else_acting_after_and_is_a_step_of_its_own():
    from cjm_assistant.knowledge.steps import parse_steps

    names = [s.name for s in parse_steps("they find us on Instagram, pay a deposit, we pack up and they leave a review")]
    assert names[-2:] == ["Pack up", "Leave a review"], names
    assert [s.name for s in parse_steps("we come round and they pay")] == ["Visit", "Pay"]


@pytest.mark.parametrize("answer, count", [
    ("Facilities manager Femi, who looks after 40 office buildings, and Care home manager Carol, 58, who has one "
     "home and a CQC inspection coming", 2),
    ("Runner Rob, 35, training for a marathon, and a half", 1),
    ("Busy mum Priya, orders cakes, and likes the Instagram page", 1),
])
def test_two_people_in_one_answer_joined_by_comma_and_are_two_personas(answer, count):
    from cjm_assistant.knowledge.detect import split_personas

    assert len(split_personas(answer)) == count


def test_an_excel_sep_line_names_the_delimiter_and_is_no_header(tmp_path):
    from cjm_assistant.evidence import read_feedback

    path = tmp_path / "fb.csv"
    path.write_text("sep=;\nDate;Stars;Review\n2026-03-01;5;Great!\n2026-03-02;1;Proofs late again\n", encoding="utf-8")
    items = read_feedback(path).items
    assert [(i.text, i.score) for i in items] == [("Great!", 5.0), ("Proofs late again", 1.0)]


@pytest.mark.parametrize("said, personas, name", [
    ("add a pain point 'X' to Delivery for everyone", [], None),
    ("add a pain point 'X' to Delivery for all personas", [], None),
    ("add a stage Review at the end of the journey", None, "Review"),
    ("add a stage Review as the last stage", None, "Review"),
])
def test_for_everyone_and_the_end_of_the_journey_are_understood(said, personas, name):
    from cjm_assistant.engines.instructions import propose

    op = propose(_bakery_two(), said).ops[0]
    if personas is not None:
        assert list(op.personas) == personas
    if name is not None:
        assert op.name == name


def test_for_the_persona_with_an_article():
    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.engines.instructions import propose
    from tests.support.bakery import BAKERY

    data = dict(BAKERY)
    data["personas"] = [*BAKERY["personas"], {"id": "pe8", "name": "Mother of the bride", "summary": "pays"}]
    op = propose(JourneyMap.model_validate(data), "add a pain point 'X' to Delivery for the mother of the bride").ops[0]
    assert list(op.personas) == ["pe8"]
