"""The playbook's knowledge base: present, rich enough, and strict about mistakes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cjm_assistant.knowledge import catalogue as knowledge
from cjm_assistant.knowledge.catalogue import CHANNEL_KINDS, KnowledgeError, load, load_from

DATA_FILES = [
    "industries.toml", "stage_models.toml", "channels.toml", "pain_points.toml",
    "opportunities.toml", "kpis.toml", "vocab.toml",
]


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(knowledge.DATA_DIR, target)
    return target


def test_data_ships_inside_the_package():
    assert knowledge.DATA_DIR == Path(knowledge.__file__).parent / "data"
    for name in DATA_FILES + ["README.md"]:
        assert (knowledge.DATA_DIR / name).is_file(), name


def test_the_readme_documents_every_file():
    readme = (knowledge.DATA_DIR / "README.md").read_text(encoding="utf-8")
    for name in DATA_FILES:
        assert f"## {name}" in readme or f"`{name}`" in readme, name


def test_load_is_cached():
    assert load() is load()


def test_the_catalogues_are_substantial():
    kb = load()
    assert len(kb.industries) >= 20
    assert len(kb.channels) >= 25
    assert len(kb.pain_points) >= 80
    assert len(kb.opportunities) >= 60
    assert len(kb.stage_models) >= 8
    assert sum(len(v) for v in kb.kpis.values()) >= 30


def test_required_stage_models_exist():
    kb = load()
    names = {key: [s.name for s in model.stages] for key, model in kb.stage_models.items()}
    assert names["b2c-retail"][:3] == ["Awareness", "Consideration", "Purchase"]
    assert names["consumer-decision"][0] == "Need recognition"
    assert "Onboarding" in names["b2b-saas"] and "Renewal" in names["b2b-saas"]
    assert "Book an appointment" in names["services-booking"]
    assert names["hospitality"] == ["Inspiration", "Planning", "Booking", "Pre-stay", "The stay", "Post-stay"]
    assert "Enrolment" in names["education"]
    assert "Claim" in names["insurance"] and "Renewal" in names["insurance"]
    assert kb.stage_models["day-in-the-life"].kinds == ["day-in-the-life"]


def test_every_stage_is_well_formed():
    kb = load()
    for model in kb.stage_models.values():
        assert 4 <= len(model.stages) <= 8, model.key
        for stage in model.stages:
            assert stage.phase in kb.vocab.phases
            assert 2 <= len(stage.actions) <= 4
            assert 1 <= len(stage.thoughts) <= 3
            assert -2 <= stage.emotion <= 2


def test_channels_use_the_models_kinds_and_cover_the_basics():
    kb = load()
    for info in kb.channels.values():
        assert info.kind in CHANNEL_KINDS
        assert info.default is not None, info.key
    names = {info.name for info in kb.channels.values()}
    for expected in ["Website", "Online shop", "Mobile app", "Email", "Newsletter", "Phone", "SMS", "WhatsApp",
                     "Live chat", "Chatbot", "Instagram", "Facebook", "TikTok", "LinkedIn", "YouTube",
                     "Google Search", "Google Maps", "Review sites", "Marketplace", "Physical store", "Events",
                     "Print", "Word of mouth", "Sales team", "Partners and resellers", "Customer portal",
                     "Help centre"]:
        assert expected in names, expected


def test_every_opportunity_is_reachable_from_a_pain_point_or_phase():
    kb = load()
    reachable = {o for p in kb.pain_points.values() for o in p.opportunities}
    reachable |= {p.opportunity for p in kb.vocab.phases.values()}
    assert set(kb.opportunities) <= reachable


def test_phase_fallbacks_form_chains():
    kb = load()
    assert kb.phase_chain("book")[:2] == ["book", "buy"]
    for phase in kb.vocab.phases:
        chain = kb.phase_chain(phase)
        assert chain[0] == phase and len(chain) == len(set(chain))


def test_the_shipped_data_loads_from_a_copy(data_copy: Path):
    kb = load_from(data_copy)
    assert set(kb.industries) == set(load().industries)


def test_a_dangling_reference_names_the_file_and_the_entry(data_copy: Path):
    path = data_copy / "pain_points.toml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n[my-new-pain]\nname = "x"\ndescription = "y"\nphases = ["buy"]\nkeywords = ["z"]\n'
        + 'opportunities = ["does-not-exist"]\n',
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError) as err:
        load_from(data_copy)
    assert "pain_points.toml" in str(err.value)
    assert "my-new-pain" in str(err.value)
    assert "does-not-exist" in str(err.value)


def test_a_bad_value_names_the_file_and_the_entry(data_copy: Path):
    path = data_copy / "opportunities.toml"
    text = path.read_text(encoding="utf-8").replace(
        '[publish-prices]\nname = "Publish prices or \'from\' prices"',
        '[publish-prices]\nname = "Publish prices or \'from\' prices"\nimpact_typo = "huge"',
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        load_from(data_copy)
    assert "opportunities.toml" in str(err.value) and "publish-prices" in str(err.value)


def test_an_unknown_phase_is_refused(data_copy: Path):
    path = data_copy / "stage_models.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('phase = "claim"', 'phase = "clam"'), encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        load_from(data_copy)
    assert "stage_models.toml" in str(err.value) and "clam" in str(err.value)


def test_broken_toml_names_the_file(data_copy: Path):
    (data_copy / "channels.toml").write_text("[website\nname = 'x'\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="channels.toml"):
        load_from(data_copy)


def test_a_missing_file_says_so(data_copy: Path):
    (data_copy / "kpis.toml").unlink()
    with pytest.raises(KnowledgeError, match="kpis.toml.*missing"):
        load_from(data_copy)


def test_no_template_makes_the_offering_the_subject_of_a_verb():
    # "{offering} arrives at the customer's door" read "Custom celebration cakes, delivered locally arrives ..." in
    # the bakery example: an offering may be one thing or many, so no verb may agree with it
    import re
    from pathlib import Path

    import cjm_assistant.knowledge as knowledge
    subject = re.compile(r"(?:\"|[.!?]\s+|\b(?:how|when|that|if|until)\s+)\{offering\}\s+(?:is|are|was|were|has|have|"
                         r"[a-z]+s)\b")
    for path in Path(knowledge.__file__).parent.joinpath("data").glob("*.toml"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not subject.search(line), f"{path.name}:{number}: {line}"
