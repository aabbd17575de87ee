"""The session: what every front end drives, tested with no terminal.

A real SQLite store and the offline playbook engine; a few tests swap in an
engine that fails, to check that the user's words are saved first and the
failure is told, not lost.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from cjm_assistant.domain import edits
from cjm_assistant.domain.edits import EditError
from cjm_assistant.engines.base import EngineError
from cjm_assistant.engines.instructions import HELP, help_for
from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.export.jsonio import from_json
from cjm_assistant.knowledge.questions import script
from cjm_assistant.session import Cancelled, Session
from cjm_assistant.store import Store

BAKERY_ANSWERS = [
    "Sweet Crumbs, a two-person bakery in Leeds selling custom cakes online",
    "custom celebration cakes, delivered locally",
    "B2C, parents and office managers",
    "first online order of a custom cake",
    "current",
    "Instagram, our website, WhatsApp",
    "Busy parent Priya, orders a birthday cake twice a year",
    "a cake that looks like the picture",
    "no prices on Instagram, slow replies",
    "Instagram, WhatsApp",
]


@pytest.fixture
def store(tmp_db):
    with Store.open(tmp_db) as opened:
        yield opened


@pytest.fixture
def session(store):
    return Session(store, PlaybookEngine())


def interviewed(session: Session) -> Session:
    """Start an interview, answer the bakery questions and say 'draft'."""
    session.start_interview()
    for text in BAKERY_ANSWERS:
        session.answer(text)
    assert session.answer("that's enough, draft the map").ready
    return session


@pytest.fixture
def drafted(session):
    """A session with the bakery map drafted, accepted and saved as version 1."""
    interviewed(session)
    session.accept(session.draft_map())
    return session


def stage_names(session: Session) -> list[str]:
    assert session.journey is not None
    return [s.name for s in session.journey.stages]


def said(store: Store, role: str | None = None) -> list[str]:
    return [m.content for m in store.messages() if role is None or m.role == role]


class FailingEngine(PlaybookEngine):
    """The playbook, except that the call named ``fails`` raises like a provider would."""

    def __init__(self, fails: str, error: Exception | None = None):
        super().__init__()
        self.fails = fails
        self.error = error or EngineError("The model did not answer within 60 seconds; try again.", kind="timeout")

    def extract(self, *args, **kwargs):
        if self.fails == "extract":
            raise self.error
        return super().extract(*args, **kwargs)

    def propose_map(self, *args, **kwargs):
        if self.fails == "propose_map":
            raise self.error
        return super().propose_map(*args, **kwargs)

    def propose_edits(self, *args, **kwargs):
        if self.fails == "propose_edits":
            raise self.error
        return super().propose_edits(*args, **kwargs)


# -- the interview -------------------------------------------------------------------


def test_starting_an_interview_saves_the_opening_message(session, store):
    opening = session.start_interview()

    assert opening.startswith(script().intro)
    (message,) = store.messages()
    assert message.role == "assistant"
    assert message.content == opening
    assert message.interview == session.interview.state.id


def test_an_answer_and_the_next_question_are_both_saved(session, store):
    session.start_interview()

    turn = session.answer(BAKERY_ANSWERS[0])

    assert said(store)[-2:] == [BAKERY_ANSWERS[0], turn.reply]
    assert [m.role for m in store.messages()] == ["assistant", "user", "assistant"]


def test_the_answer_is_saved_before_the_engine_runs(store):
    session = Session(store, FailingEngine("extract", RuntimeError("the engine crashed")))
    session.start_interview()

    with pytest.raises(RuntimeError):
        session.answer("Sweet Crumbs, a bakery in Leeds")

    assert "Sweet Crumbs, a bakery in Leeds" in said(store, "user")


def test_an_engine_that_cannot_read_an_answer_hands_it_to_the_playbooks_reader(store):
    session = Session(store, FailingEngine("extract"))
    session.start_interview()

    turn = session.answer("Sweet Crumbs, a bakery in Leeds")

    assert "The model could not read that answer (The model did not answer within 60 seconds; try again)" in turn.note
    assert session.interview.state.profile.business_name == "Sweet Crumbs"  # read by rule instead
    assert session.interview.state.answers[-1].text == "Sweet Crumbs, a bakery in Leeds"
    assert session.interview.question.key == "offering"
    assert "could not read the answer to “business”" in session.interview.state.notes[-1]


def test_cancelling_an_answer_leaves_the_question_as_it_was(store):
    session = Session(store, FailingEngine("extract", Cancelled()))
    session.start_interview()

    with pytest.raises(Cancelled):
        session.answer("Sweet Crumbs, a bakery in Leeds")

    assert said(store)[-1] == "Cancelled; the map is as it was."
    assert session.interview.question.key == "business" and session.interview.state.answers == []


def test_the_interview_state_is_saved_after_every_answer(session, store):
    session.start_interview()
    session.answer(BAKERY_ANSWERS[0])

    saved = store.load_interview(session.interview.state.id)

    assert saved["position"] == 1
    assert saved["profile"]["business_name"] == "Sweet Crumbs"


def test_answering_without_an_interview_is_refused(session):
    with pytest.raises(EditError, match="no interview in progress"):
        session.answer("Sweet Crumbs")


def test_resume_continues_at_the_same_question_after_a_restart(tmp_db):
    first = Session(Store.open(tmp_db), PlaybookEngine())
    first.start_interview()
    for text in BAKERY_ANSWERS[:7]:
        first.answer(text)
    asked = first.interview.prompt()
    first.store.close()

    with Store.open(tmp_db) as store:
        second = Session(store, PlaybookEngine())
        prompt = second.resume_interview()

        assert prompt == asked
        assert prompt.startswith("What does Busy parent Priya want to get out of it?")
        second.answer("a cake that looks like the picture")
        assert second.interview.state.profile.personas[0].goals == ["A cake that looks like the picture"]


def test_resume_with_no_unfinished_interview_returns_none(session):
    assert session.resume_interview() is None


def test_a_finished_interview_is_not_offered_for_resuming(drafted, store):
    assert Session(store, PlaybookEngine()).resume_interview() is None


# -- drafting and accepting a map ------------------------------------------------------


def test_draft_then_accept_creates_version_1(session, store):
    interviewed(session)

    proposal = session.draft_map()
    assert store.list_maps() == []  # nothing saved until accepted
    version = session.accept(proposal)

    assert version == 1
    (record,) = store.list_maps()
    assert record.id == session.map_id and record.head == 1
    assert record.business == "Sweet Crumbs" and record.persona == "Busy parent Priya"
    assert session.journey == proposal.journey


def test_the_draft_lists_its_stages_as_parts(session):
    interviewed(session)

    proposal = session.draft_map()

    assert proposal.kind == "map"
    assert proposal.parts == [f"stage {s.name}" for s in proposal.journey.stages]
    assert 4 <= len(proposal.parts) <= 8
    assert any("Industry read as" in note for note in proposal.notes)


def test_accepting_the_draft_links_the_interview_to_the_map(session, store):
    interviewed(session)
    interview_id = session.interview.state.id

    session.accept(session.draft_map())

    talk = store.messages(map_id=session.map_id)
    assert BAKERY_ANSWERS[0] in [m.content for m in talk]  # the interview's messages now belong to the map
    assert talk[-1].content.startswith("Saved version 1")
    assert store.latest_interview() is None  # finished: linked to its map
    assert store.latest_interview(unfinished=False)["id"] == interview_id


def test_accepting_only_some_stages_keeps_only_those(session):
    interviewed(session)
    proposal = session.draft_map()
    names = [s.name for s in proposal.journey.stages]

    session.accept(proposal, only=[0, 2])

    assert stage_names(session) == [names[0], names[2]]


def test_accepting_none_of_the_stages_is_refused(session, store):
    interviewed(session)

    with pytest.raises(EditError, match="nothing was selected"):
        session.accept(session.draft_map(), only=[])

    assert store.list_maps() == []


def test_drafting_without_an_interview_is_refused(session):
    with pytest.raises(EditError, match="no interview"):
        session.draft_map()


def test_draft_partials_show_the_map_growing(session):
    interviewed(session)
    partials = []

    proposal = session.draft_map(on_partial=partials.append)

    assert partials
    assert len(partials[-1].stages) == len(proposal.journey.stages)


# -- instructions and proposals --------------------------------------------------------


def test_an_instruction_proposes_a_change_without_saving_it(drafted, store):
    anchor = stage_names(drafted)[3]  # 'Order and payment' in the playbook's custom-order model

    proposal = drafted.instruct(f"add a stage Onboarding after {anchor}")

    assert proposal.kind == "edits" and len(proposal.ops) == 1
    assert proposal.parts == [edits.describe(proposal.ops[0])]
    assert [e.line() for e in proposal.diff.entries] == ["+ stage “Onboarding”"]
    names = [s.name for s in proposal.journey.stages]
    assert names[names.index(anchor) + 1] == "Onboarding"
    assert "Onboarding" not in stage_names(drafted)
    assert store.find_map(drafted.map_id).head == 1


def test_accepting_a_proposal_saves_version_2(drafted, store):
    anchor = stage_names(drafted)[3]
    proposal = drafted.instruct(f"add a stage Onboarding after {anchor}")

    version = drafted.accept(proposal)

    assert version == 2 and drafted.head == 2
    names = stage_names(drafted)
    assert names[names.index(anchor) + 1] == "Onboarding"
    assert "Onboarding" in [s.name for s in store.load(drafted.map_id).stages]
    assert store.history(drafted.map_id)[-1].message == f"add a stage Onboarding after {anchor}"


def test_accepting_part_of_a_proposal_applies_only_that_part(drafted):
    first, last = stage_names(drafted)[0], stage_names(drafted)[-1]
    proposal = drafted.instruct(f"rename {first} to Discovery and then rename {last} to Coming back")
    assert len(proposal.ops) == 2

    drafted.accept(proposal, only=[1])

    assert stage_names(drafted)[0] == first
    assert stage_names(drafted)[-1] == "Coming back"


def test_accepting_an_empty_selection_is_refused(drafted):
    proposal = drafted.instruct(f"rename {stage_names(drafted)[0]} to Discovery")

    with pytest.raises(EditError, match="nothing was selected"):
        drafted.accept(proposal, only=[])
    assert drafted.head == 1


def test_rejecting_a_proposal_leaves_the_map_unchanged(drafted, store):
    before = drafted.journey
    proposal = drafted.instruct(f"rename {stage_names(drafted)[0]} to Discovery")

    drafted.reject(proposal)

    assert drafted.journey == before and drafted.head == 1
    assert store.find_map(drafted.map_id).head == 1
    assert said(store)[-1] == "Proposal set aside; the map is unchanged."


def test_an_instruction_the_playbook_cannot_parse_gets_the_help(drafted, store):
    with pytest.raises(EditError) as caught:
        drafted.instruct("make it pop")

    assert help_for(drafted.journey) in str(caught.value)  # the forms, with this map's own stage names
    assert "make it pop" in said(store, "user")
    assert said(store)[-1].startswith("⚠ I didn't understand that instruction.")
    assert store.find_map(drafted.map_id).head == 1


def test_instructing_before_there_is_a_map_is_refused(session):
    with pytest.raises(EditError, match="there is no map yet"):
        session.instruct("rename Discover to Research")


# -- direct edits, undo and redo ------------------------------------------------------


def test_an_edit_saves_a_new_version(drafted):
    first = stage_names(drafted)[0]

    version = drafted.edit([edits.RenameStage(stage=first, name="Discovery")], "renamed the first stage")

    assert version == 2
    assert stage_names(drafted)[0] == "Discovery"
    assert drafted.store.history(drafted.map_id)[-1].message == "renamed the first stage"


def test_an_edit_that_does_not_apply_is_refused_and_nothing_is_saved(drafted):
    with pytest.raises(EditError):
        drafted.edit([edits.RenameStage(stage="Checkout at the moon", name="Discovery")], "rename")

    assert drafted.head == 1


def test_an_edit_that_changes_nothing_is_refused_with_what_is_already_so(drafted):
    """A slash command or a pane edit (saved at once) and an instruction (proposed first) alike save no version."""
    first = stage_names(drafted)[0]

    with pytest.raises(EditError, match=f"^no change: the stage is already called “{first}”. Nothing was saved"):
        drafted.edit([edits.RenameStage(stage=first, name=first)], "rename")
    with pytest.raises(EditError, match="^no change: "):
        drafted.edit_by_rule(f"/rename {first} to {first}", f"rename {first} to {first}")
    proposal = drafted.instruct(f"rename {first} to {first}")

    assert proposal.empty and proposal.reply == f"the stage is already called “{first}”."
    assert drafted.head == 1 and len(drafted.store.history(drafted.map_id)) == 1


def test_undo_and_redo_walk_the_versions_and_reload_the_map(drafted):
    first = stage_names(drafted)[0]
    drafted.edit([edits.RenameStage(stage=first, name="Discovery")], "rename")

    assert drafted.undo() == 1
    assert stage_names(drafted)[0] == first
    assert drafted.redo() == 2
    assert stage_names(drafted)[0] == "Discovery"


def test_undo_at_the_first_version_returns_none(drafted):
    assert drafted.undo() is None
    assert drafted.head == 1


def test_redo_at_the_newest_version_returns_none(drafted):
    assert drafted.redo() is None


# -- questions, export, import ---------------------------------------------------------


def test_ask_answers_a_question_about_the_map(drafted, store):
    reply = drafted.ask("where does it hurt most?")

    assert reply.startswith("It hurts most at")
    assert "Slow replies" in reply
    assert said(store)[-2:] == ["where does it hurt most?", reply]


def test_export_writes_the_file_and_returns_its_path(drafted, tmp_path):
    (tmp_path / "maps").mkdir()
    text, path = drafted.export("md", tmp_path / "maps" / "bakery.md")

    assert path == (tmp_path / "maps" / "bakery.md").resolve()
    assert path.read_text(encoding="utf-8") == text
    assert text.startswith("# Sweet Crumbs")
    assert [p.name for p in path.parent.iterdir()] == ["bakery.md"]  # no temporary file left behind


def test_export_replaces_an_existing_file_whole(drafted, tmp_path):
    target = tmp_path / "bakery.json"
    target.write_text("an old export that is much longer than the new one " * 10_000, encoding="utf-8")

    with pytest.raises(ValueError, match="already exists; replace it with --force"):
        drafted.export("json", target)
    text, path = drafted.export("json", target, force=True)

    assert from_json(path.read_text(encoding="utf-8")) == drafted.journey
    assert path.read_text(encoding="utf-8") == text


def test_export_to_a_folder_writes_a_file_named_after_the_map(drafted, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()

    _, path = drafted.export("md", folder)

    assert path == folder / "sweet-crumbs-first-online-order-of-a-custom-cake.md"
    assert path.read_text(encoding="utf-8").startswith("# Sweet Crumbs")


def test_a_failed_export_keeps_the_old_file_and_leaves_no_temporary_file(drafted, tmp_path, monkeypatch):
    target = tmp_path / "exports" / "bakery.md"
    target.parent.mkdir()
    target.write_text("last week's export\n", encoding="utf-8")

    def disk_full(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError) as caught:
        drafted.export("md", target, force=True)

    assert str(caught.value) == f"could not write {target}: No space left on device"
    assert target.read_text(encoding="utf-8") == "last week's export\n"
    assert [p.name for p in target.parent.iterdir()] == ["bakery.md"]


def test_export_without_a_path_returns_the_text_only(drafted):
    text, path = drafted.export("csv")

    assert path is None
    assert text.startswith("map,stage_order,stage")


def test_import_saves_the_map_and_opens_it(session, store, bakery_map):
    map_id = session.import_map(bakery_map, "bakery.json")

    assert session.map_id == map_id and session.head == 1
    assert session.journey == bakery_map
    assert store.history(map_id)[0].message == "imported from bakery.json"


def test_open_map_by_title_prefix(session, store, bakery_map):
    map_id = store.create_map(bakery_map).id

    journey = session.open_map("ordering a birth")

    assert session.map_id == map_id
    assert journey == bakery_map


# -- failures --------------------------------------------------------------------------


def test_an_engine_error_while_drafting_is_saved_and_raised_again(store):
    session = Session(store, FailingEngine("propose_map"))
    interviewed(session)

    with pytest.raises(EngineError) as caught:
        session.draft_map()

    assert caught.value.kind == "timeout"
    last = store.messages()[-1]
    assert last.role == "assistant"
    assert last.content == "⚠ The model did not answer within 60 seconds; try again."
    assert last.meta == {"error": "timeout"}
    assert store.list_maps() == []


def test_an_engine_error_on_an_instruction_keeps_the_instruction_and_the_map(store, bakery_map):
    session = Session(store, FailingEngine("propose_edits", EngineError("Rate limited; wait a minute.",
                                                                         kind="rate_limit")))
    session.import_map(bakery_map, "bakery.json")

    with pytest.raises(EngineError):
        session.instruct("rename Discover to Research")

    assert said(store)[-2:] == ["rename Discover to Research", "⚠ Rate limited; wait a minute."]
    assert session.journey == bakery_map and session.head == 1


# -- events ------------------------------------------------------------------------------


def test_listeners_hear_what_is_said_proposed_applied_and_shown(session):
    events: list[tuple[str, object]] = []
    session.listeners.append(lambda kind, data: events.append((kind, data)))

    interviewed(session)
    proposal = session.draft_map()
    session.accept(proposal)

    kinds = [kind for kind, _ in events]
    assert {"said", "proposal", "applied", "map"} <= set(kinds)
    assert ("said", ("user", BAKERY_ANSWERS[0])) in events
    assert ("proposal", proposal) in events
    assert kinds.index("proposal") < kinds.index("applied")
    shown = [data for kind, data in events if kind == "map"]
    assert shown[-1] == session.journey


def test_listeners_hear_an_accepted_edit(drafted):
    events: list[tuple[str, object]] = []
    drafted.listeners.append(lambda kind, data: events.append((kind, data)))

    drafted.accept(drafted.instruct(f"rename {stage_names(drafted)[0]} to Discovery"))

    kinds = [kind for kind, _ in events]
    assert kinds.count("proposal") == 1 and kinds.count("applied") == 1
    applied = next(data for kind, data in events if kind == "applied")
    assert applied == 2  # the version saved
    assert next(data for kind, data in events if kind == "map").stages[0].name == "Discovery"
    assert events[-1] == ("said", ("assistant", "Saved version 2: rename Inspiration to Discovery"))


FEEDBACK = Path(__file__).resolve().parent.parent / "examples" / "sweet-crumbs-feedback.csv"


def test_evidence_can_be_read_with_optional_columns_left_out(session):
    read = session.read_evidence(FEEDBACK)
    assert read.columns.get("score") and any(item.score is not None for item in read.items)

    without = session.read_evidence(FEEDBACK, leave_out=("score",))

    assert without.columns["score"] is None and without.score_scale is None
    assert all(item.score is None for item in without.items)
    assert [item.text for item in without.items] == [item.text for item in read.items]


def test_warming_up_the_playbook_engine_loads_nothing(session):
    import sys

    had_litellm = "litellm" in sys.modules
    session.warm_up()  # no model: nothing to load, returns at once
    assert ("litellm" in sys.modules) == had_litellm


def test_the_instruction_help_is_the_parsers(session):
    assert Session.instruction_help() == HELP


# -- "saved" and "failed" are always true --------------------------------------------------------


def test_a_failure_while_saving_the_report_saves_nothing_and_a_retry_saves_once(drafted, monkeypatch):
    from cjm_assistant.domain.edits import parse_ops
    from cjm_assistant.store import StoreError

    told: list[str] = []
    drafted.listeners.append(lambda kind, data: told.append(kind))
    real = drafted.store.add_message
    failures = iter([StoreError("the disk holding cjm.db is full")])

    def add_message(*args, **kwargs):
        error = next(failures, None)
        if error is not None:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(drafted.store, "add_message", add_message)
    ops = parse_ops([{"op": "add_stage", "name": "Aftercare"}])

    with pytest.raises(StoreError, match="full"):
        drafted.edit(ops, "added a stage")
    assert [v.number for v in drafted.store.history(drafted.map_id)] == [1]  # the version went with the message
    assert drafted.head == 1 and "Aftercare" not in [s.name for s in drafted.journey.stages]
    assert told == []  # nothing was said to have happened

    assert drafted.edit(ops, "added a stage") == 2
    assert [v.number for v in drafted.store.history(drafted.map_id)] == [1, 2]
    assert "applied" in told


def test_an_answer_saved_just_before_a_kill_is_read_on_resume(session, tmp_db):
    session.start_interview()
    session.answer("Petal & Stem, a florist in Bath")
    state = session.interview.state
    question = state.position
    # As if the app was killed after the answer was saved but before it was read:
    state.pending = "bouquets and same-day delivery"
    session.store.save_interview(state.id, state.model_dump(mode="json"))

    with Store.open(tmp_db) as store:
        again = Session(store, PlaybookEngine())
        prompt = again.resume_interview()

        assert again.interview.state.pending == ""
        assert again.interview.state.position == question + 1  # the waiting answer was read, not lost or skipped
        assert "bouquets" in again.interview.state.profile.offering
        assert prompt and "What do customers buy" not in prompt


def test_the_proposed_stages_are_confirmed_through_the_session_and_survive_a_restart(tmp_db):
    first = Session(Store.open(tmp_db), PlaybookEngine())
    first.start_interview()
    for text in ["Gearwise Ltd, distributor of hydraulic hoses and fittings in Leeds", "hoses and fittings",
                 "B2B: plant hire firms", "a site manager ordering a hose through to us getting paid", "current",
                 "phone, web shop, email", "skip", "skip", "skip"]:
        first.answer(text)
    turn = first.answer("get paid faster")
    assert "Do these steps match" in turn.reply and not turn.ready
    first.store.close()
    second = Session(Store.open(tmp_db), PlaybookEngine())
    assert second.resume_interview() is not None and second.interview.state.confirming
    done = second.answer("Spot a worn hose, Ordering a hose, Getting paid")
    assert done.ready
    proposal = second.draft_map()
    assert [s.name for s in proposal.journey.stages] == ["Spot a worn hose", "Ordering a hose", "Getting paid"]
# -- what a front end shows as it happens: cancelling an answer, the sketch, ticks, other windows -------------


class SlowEngine(PlaybookEngine):
    """The playbook, except that reading an answer waits (like a model) until ``go`` is set."""

    def __init__(self):
        super().__init__()
        self.go = threading.Event()
        self.reading = threading.Event()

    def extract(self, *args, **kwargs):
        self.reading.set()
        self.go.wait(10)
        return super().extract(*args, **kwargs)


def test_an_answer_cancelled_while_it_is_read_is_not_taken_in(store):
    engine = SlowEngine()
    session = Session(store, engine)
    session.start_interview()
    cancel = threading.Event()
    threading.Thread(target=lambda: engine.reading.wait(5) and cancel.set(), daemon=True).start()

    started = time.monotonic()
    with pytest.raises(Cancelled):
        session.answer("Sweet Crumbs, a bakery in Leeds", cancel=cancel)

    assert time.monotonic() - started < 3  # at once, not when the engine is done
    engine.go.set()
    assert session.interview.question.key == "business" and not session.interview.state.answers
    assert said(store, "user")[-1] == "Sweet Crumbs, a bakery in Leeds"
    assert said(store)[-1].startswith("Cancelled: that answer was not taken in")
    assert store.load_interview(session.interview.state.id)["position"] == 0
    session.answer(BAKERY_ANSWERS[0], cancel=threading.Event())  # the same question takes the next answer
    assert session.interview.state.profile.business_name == "Sweet Crumbs"


def test_an_answer_cancelled_before_it_is_read_changes_nothing(session):
    session.start_interview()
    cancel = threading.Event()
    cancel.set()

    with pytest.raises(Cancelled):
        session.answer(BAKERY_ANSWERS[0], cancel=cancel)

    assert session.interview.state.position == 0 and session.sketch() is None


def test_the_sketch_grows_with_the_answers_and_saves_nothing(session, store):
    session.start_interview()
    assert session.sketch() is None  # no business yet

    session.answer(BAKERY_ANSWERS[0])
    first = session.sketch()
    assert first is not None and first.business.name == "Sweet Crumbs" and first.stages
    assert first.personas == [] and first.channels == []  # nothing the user did not say
    for text in BAKERY_ANSWERS[1:7]:
        session.answer(text)
    later = session.sketch()

    assert [p.name for p in later.personas] == ["Busy parent Priya"]
    assert {"Instagram", "WhatsApp"} <= {c.name for c in later.channels}
    assert all(item.provenance == "user" for _, item, _ in later.items() if not hasattr(item, "touchpoints"))
    assert store.list_maps() == []


def test_the_preview_of_a_draft_follows_the_ticked_stages(session):
    proposal = interviewed(session).draft_map()
    count = len(proposal.journey.stages)

    assert len(proposal.preview([0, 1]).stages) == 2
    assert proposal.preview(None) is proposal.journey
    assert len(proposal.preview(list(range(1, count))).stages) == count - 1


def test_the_preview_of_edits_applies_only_the_ticked_ones(drafted):
    first, last = stage_names(drafted)[0], stage_names(drafted)[-1]
    proposal = drafted.instruct(f"rename {first} to Discovery and then rename {last} to Coming back")

    names = [s.name for s in proposal.preview([1]).stages]

    assert names[0] == first and names[-1] == "Coming back"
    assert [s.name for s in proposal.preview([]).stages] == stage_names(drafted)


def test_a_change_made_by_another_process_is_noticed_and_loaded(drafted, tmp_db):
    assert drafted.changed_elsewhere() is None
    first = stage_names(drafted)[0]
    with Store.open(tmp_db) as other:
        other.save_version(drafted.map_id, [edits.RenameStage(stage=first, name="Discovery")], author="user via llm",
                           message="renamed the first stage")

    record = drafted.changed_elsewhere()

    assert record is not None and record.number == 2 and drafted.head == 2
    assert stage_names(drafted)[0] == "Discovery"
    assert Session.describe_change(record) == ("the map changed in another window: now at v2 (you, proposed by llm: "
                                               "renamed the first stage)")
    assert drafted.changed_elsewhere() is None  # told once


def test_a_message_saved_by_another_process_is_not_a_change_to_the_map(drafted, tmp_db):
    with Store.open(tmp_db) as other:
        other.add_message("user", "what hurts most?", map_id=drafted.map_id)

    assert drafted.changed_elsewhere() is None and drafted.head == 1


def test_undo_never_undoes_a_change_the_user_has_not_seen(drafted, tmp_db):
    first = stage_names(drafted)[0]
    drafted.edit([edits.RenameStage(stage=first, name="Discovery")], "renamed here")
    with Store.open(tmp_db) as other:  # the CLI, while the app still shows v2
        other.save_version(drafted.map_id, [edits.RenameStage(stage="Discovery", name="Research")],
                           author="user via playbook", message="renamed elsewhere")

    with pytest.raises(EditError, match="changed in another window: now at v3 .*nothing was undone"):
        drafted.undo()

    assert drafted.head == 3 and stage_names(drafted)[0] == "Research"  # shown now, not undone
    assert drafted.undo() == 2  # once it has been shown, undo undoes it
    assert stage_names(drafted)[0] == "Discovery"


def test_an_edit_made_on_a_map_changed_elsewhere_says_so_not_an_id(drafted, tmp_db):
    """The TUI's edit form names items by id: a stage removed in another window made the save say "no stage called
    'st1'", an id the user never typed."""
    stage = drafted.journey.stages[0]
    with Store.open(tmp_db) as other:
        other.save_version(drafted.map_id, [edits.RemoveStage(stage=stage.id)], author="user via playbook",
                           message="removed the first stage")

    from cjm_assistant.store import StaleVersionError

    with pytest.raises(StaleVersionError) as refused:
        drafted.edit([edits.RenameStage(stage=stage.id, name="Discovery")], "renamed on the form")

    said = str(refused.value)
    assert "changed in another window: now at v2" in said and "not saved" in said and stage.id not in said
    assert drafted.head == 2 and stage.name not in stage_names(drafted)  # the map as it is now is shown
    assert "Discovery" not in stage_names(drafted)


def test_an_edit_that_fails_on_the_map_as_shown_keeps_its_own_error(drafted):
    with pytest.raises(EditError, match="no stage called 'Nowhere'"):
        drafted.edit([edits.RenameStage(stage="Nowhere", name="Discovery")], "renamed")
