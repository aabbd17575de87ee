"""A business that sells both to firms and to the public (attack 12 L17): "B2B and B2C, restaurant head chefs and
home cooks" was read as B2B alone, and the map said "Model: B2B". The model "B2B and B2C" is now one of the map's
business models: it is read when the owner says so, shown as said, offered to a language model, and what the
knowledge base keeps for either side fits it."""

from __future__ import annotations

from typing import get_args

import pytest

from cjm_assistant import cli
from cjm_assistant.domain.model import BusinessModel, JourneyMap, model_among
from cjm_assistant.engines.llm.extraction import FIELDS
from cjm_assistant.knowledge.catalogue import load
from cjm_assistant.knowledge.detect import detect_business_model


@pytest.mark.parametrize("customers", [
    "B2B and B2C, restaurant head chefs and home cooks",
    "b2c & b2b",
    "B2B/B2C",
    "we sell to the trade and the public",
    "homes and businesses across Leeds",
    "both businesses and private customers",
])
def test_customers_said_to_be_both_firms_and_the_public_are_both(customers):
    assert detect_business_model(customers) == "B2B and B2C"
    assert detect_business_model(customers, explicit_only=True) == "B2B and B2C"


@pytest.mark.parametrize("answer", [
    "both really, mostly tradesmen and small firms with vans, and some car enthusiasts",
    "Both.",
    "well, both - shops and the odd wedding",
])
def test_both_as_the_answer_to_the_customers_question_is_both(answer):
    """The customers question asks "Consumers (B2C), other businesses (B2B), or both?" (found in a tmux walk: "both
    really, mostly tradesmen and small firms" gave "Model: B2B"). Only that answer reads "both" so."""
    assert detect_business_model(answer) == "B2B and B2C"
    assert detect_business_model(answer, explicit_only=True) != "B2B and B2C"


@pytest.mark.parametrize(("customers", "model"), [
    ("restaurants and cafes in Bristol", "B2B"),
    ("families with young kids", "B2C"),
    ("we're B2B2C, through employers", "B2B2C"),
    ("B2B only", "B2B"),
    ("homeowners, and the odd business", "B2C"),  # both named, but not said to be both: the words lead
    ("both parents and grandparents", "B2C"),
])
def test_customers_of_one_kind_stay_that_kind(customers, model):
    assert detect_business_model(customers) == model


def test_what_is_kept_for_the_public_or_for_both_fits_a_business_that_sells_to_both():
    # what is meant for selling to firms alone (demos, win rate, procurement reviews) does not fit a shop or a
    # yard that also has trade customers (attack 15); what is marked for both does
    assert not model_among("B2B and B2C", ["B2B", "B2B2C"])
    assert model_among("B2B and B2C", ["B2B", "B2B and B2C"])
    assert model_among("B2B and B2C", ["B2C"])
    assert not model_among("B2B and B2C", ["nonprofit", "public"])
    assert not model_among("B2B", ["B2C"])
    names = {k.name for k in load().kpis_for("pay", business_model="B2B and B2C")}
    assert {"Invoices paid on time", "Payments that fail or are declined"} <= names  # one of each side
    assert "Payments that fail or are declined" not in {k.name for k in load().kpis_for("pay", business_model="B2B")}


def test_a_language_model_may_answer_both_and_every_model_it_is_offered_is_one_a_map_can_hold():
    schema, _ = FIELDS["customers"]["business_model"]
    assert schema["enum"] == list(get_args(BusinessModel))
    assert "B2B and B2C" in schema["enum"]


KNIFE = '''
business = "EdgeRunner, a mobile knife sharpening van in Bristol"
offering = "on-site sharpening of kitchen knives while you wait"
customers = "B2B and B2C, restaurant head chefs and home cooks"
journey = "booking a sharpening visit"
problems = "no invoice for the accountant; the card machine doesn't work sometimes"
'''


def test_the_map_says_both_and_its_json_loads_back(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CJM_CONFIG", str(tmp_path / "none.toml"))
    answers = tmp_path / "a.toml"
    answers.write_text(KNIFE, encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert cli.main(["--engine", "playbook", "--db", db, "new", "--answers", str(answers)]) == 0
    map_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert cli.main(["--db", db, "show", map_id]) == 0
    md = capsys.readouterr().out
    assert "- **Model:** B2B and B2C" in md.splitlines()
    out = tmp_path / "m.json"
    assert cli.main(["--db", db, "export", map_id, "--format", "json", "-o", str(out)]) == 0
    assert JourneyMap.model_validate_json(out.read_text(encoding="utf-8")).business.business_model == "B2B and B2C"


@pytest.mark.parametrize("customers", [
    "mostly the public - tourists and locals - but also a couple of holiday let companies",
    "local families, plus a few cafes",
    "small businesses, and also the odd homeowner",
])
def test_one_kind_of_customer_and_another_added_is_both(customers):
    from cjm_assistant.knowledge.detect import detect_business_model

    assert detect_business_model(customers) == "B2B and B2C"


@pytest.mark.parametrize("customers, model", [
    ("members of the public", "B2C"),
    ("tourists and locals", "B2C"),
    ("B2C, parents and office managers", "B2C"),  # said outright: as said
    ("the council and residents", "public"),
    ("public sector bodies", "public"),
])
def test_the_public_is_consumers_not_the_public_sector(customers, model):
    from cjm_assistant.knowledge.detect import detect_business_model

    assert detect_business_model(customers) == model


def test_a_map_for_mostly_the_public_and_a_few_companies_has_no_enterprise_sales_items(new_map):
    journey = new_map(business="Inkwell, a print and copy shop in Leeds", customers="mostly the public, students and "
                      "locals, but also a few companies", channels="the shop, email")
    said = " ".join([pp["name"] for s in journey["stages"] for pp in s["pain_points"]]
                    + [k["name"] for s in journey["stages"] for k in s["kpis"]])
    assert journey["business"]["business_model"] == "B2B and B2C"
    for words in ("procurement", "Win rate", "Sales cycle length", "Net revenue retention", "sales demo"):
        assert words not in said, words
