"""The stage model (cjm_assistant/evidence/stagemodel.py): each (part, stage) pair weighed by features of the
stage's whole content, with weights fitted on the dev set by bench/fit_placement.py, and the rules beside it.

Each test is phrased from a rule; the maps are the dev set's salon map or small maps built here.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from cjm_assistant.domain.model import Business, JourneyMap, Note, Stage, Touchpoint
from cjm_assistant.evidence import stagemodel
from cjm_assistant.evidence.match import Matcher
from cjm_assistant.evidence.placement import MapIndex
from cjm_assistant.export.jsonio import from_json

ROOT = Path(__file__).resolve().parent.parent
SALON = ROOT / "tests" / "dev" / "evidence" / "salon.map.json"


@pytest.fixture(scope="module")
def salon():
    return from_json(SALON.read_text(encoding="utf-8"))


def _journey(*stages: tuple[str, list[str], list[tuple[str, str]]]) -> JourneyMap:
    """A map of stages (name, actions, touchpoints as (name, channel))."""
    return JourneyMap(title="t", business=Business(name="Shop"), stages=[
        Stage(id=f"st{i}", name=name, actions=[Note(id=f"ac{i}{j}", text=a) for j, a in enumerate(actions)],
              touchpoints=[Touchpoint(id=f"tp{i}{j}", name=n, channel=c) for j, (n, c) in enumerate(tps)])
        for i, (name, actions, tps) in enumerate(stages, 1)])


def _fit_module():
    spec = importlib.util.spec_from_file_location("fit_placement", ROOT / "bench" / "fit_placement.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_model_is_for_the_features_the_matcher_gives():
    fitted = stagemodel.model()
    assert fitted.get("weights"), "placement.json is missing: run bench/fit_placement.py --write"
    names = [*stagemodel.FEATURES, stagemodel.NONE, *stagemodel.NONE_FEATURES]
    assert json.loads(stagemodel.WEIGHTS_FILE.read_text(encoding="utf-8"))["features"] == names
    assert set(fitted["weights"]) == set(names)
    assert 0 < fitted["threshold"] < 1


def test_a_stage_name_says_its_moments_the_first_it_names_most():
    assert stagemodel.stage_moments("Pay & rebook") == {"pay": 1.0, "after": 0.5}
    assert stagemodel.stage_moments("Get a quote") == {"before": 1.0}
    assert stagemodel.stage_moments("After class & coming back")["after"] == 1.0
    assert stagemodel.stage_moments("Moving day") == {"during": 1.0}
    assert stagemodel.stage_moments("Zebra") == {}


def test_a_part_says_its_moment_by_phase_words_and_time_cues():
    assert stagemodel.part_moments("when I booked it was all fine").get("book", 0) > 0.5
    assert stagemodel.part_moments("the next day it stopped working").get("after", 0) > 0.5
    assert stagemodel.part_moments("paid £40 for it").get("pay", 0) > 0.5
    assert stagemodel.part_moments("it started peeling after 3 weeks").get("after", 0) > 0.5
    assert stagemodel.part_moments("another month and it still flickers").get("after", 0) > 0.5
    assert not stagemodel.part_moments("lovely people")


def test_a_part_speaking_of_a_moment_is_likelier_on_the_stage_of_that_moment():
    journey = _journey(("Get a quote", ["Asks for a price"], []), ("The visit", ["Lets them in"], []),
                       ("Pay for it", ["Pays"], []), ("Afterwards", ["Looks again"], []))
    index = MapIndex(journey)
    facts = stagemodel.StageFacts.of(index)
    weights = {f: 1.0 for f in stagemodel.FEATURES if f.startswith("moment_")}

    def likeliest(text):
        terms = set()  # no shared words: the moment alone decides
        rows = stagemodel.features(index, facts, terms, text, "neutral", index.stages(terms), [])
        probs, _ = stagemodel.softmax(rows, weights)
        return journey.stages[max(range(len(probs)), key=probs.__getitem__)].name

    assert likeliest("charged me £30 more") == "Pay for it"
    assert likeliest("a week later it went again") == "Afterwards"


def test_a_part_saying_the_customer_was_charged_leans_to_the_payment_stage_more_than_a_price_quoted():
    journey = _journey(("Get a quote", ["Asks for a price"], []), ("Pay for it", ["Pays"], []))
    index = MapIndex(journey)
    facts = stagemodel.StageFacts.of(index)
    charged = stagemodel.FEATURES.index("charged")

    def feature(text):
        return [row[charged] for row in stagemodel.features(index, facts, set(), text, "negative",
                                                            index.stages(set()), [])]

    assert feature("charged me VAT on top of the quote") == [0.0, 1.0]
    assert feature("the invoice was wrong") == [0.0, 1.0]
    assert feature("the price they quoted was high") == [0.0, 0.0]


def test_a_part_saying_the_service_recurs_leans_to_the_recurring_stage_not_the_first():
    journey = _journey(("First clean", ["The first clean"], []), ("Regular cleans", ["Cleans every month"], []))
    index = MapIndex(journey)
    facts = stagemodel.StageFacts.of(index)
    assert facts.recurring == [-1.0, 1.0]
    rows = stagemodel.features(index, facts, set(), "spotless every time", "positive", index.stages(set()), [])
    recurring = stagemodel.FEATURES.index("recurring")
    assert rows[0][recurring] == -1.0 and rows[1][recurring] == 1.0


def test_the_probabilities_of_the_stages_and_of_no_stage_sum_to_one_and_follow_the_weights():
    rows = [[0.0] * len(stagemodel.FEATURES) for _ in range(3)]
    rows[1][0] = 2.0
    probs, none = stagemodel.softmax(rows, {stagemodel.FEATURES[0]: 1.0, stagemodel.NONE: 0.5})
    assert abs(sum(probs) + none - 1) < 1e-9
    assert probs[1] == max(probs) and none > probs[0]
    probs, none = stagemodel.softmax(rows, {stagemodel.FEATURES[0]: 1.0, stagemodel.NONE: 5.0})
    assert none > max(probs)


def test_a_part_likelier_about_no_stage_is_unplaced_and_says_so(salon):
    matcher = Matcher(salon, placement={"weights": {"bm25": 1.0, stagemodel.NONE: 9.0}, "threshold": 0.3})
    part = matcher.match("The coffee while I waited was cold").parts[0]
    assert not part.placed and part.stage_id is None
    assert "no stage" in part.reason()


def test_an_errand_with_no_verdict_is_unplaced_and_a_complaint_naming_an_address_is_not_one(salon):
    matcher = Matcher(salon, placement={"weights": {"bm25": 1.0}, "threshold": 0.0})  # places all it can
    for text in ("Please remove me from your mailing list", "Please add me to the newsletter",
                 "My new address is 4 Elm Road, BS7 8QT", "Please find attached remittance for the last two visits"):
        assert not matcher.match(text).placed, text
    match = matcher.match("Please remove me from your mailing list")  # it shares "list" with a price list
    assert any("errand" in n for p in match.parts for n in p.nudges)
    assert stagemodel.errand("call me on 01632 960123") and stagemodel.errand("jo@example.com")
    assert not stagemodel.errand("They sent it to the wrong address") and not stagemodel.errand("at 2 pm")


def test_a_part_sharing_only_a_sentiment_word_with_the_map_is_about_nothing_on_it(salon):
    match = Matcher(salon).match("Wrong number, sorry")
    assert not match.placed
    # ...even when the model finds a stage likelier than none (its score of no stage turned right down here)
    sure = dict(stagemodel.model(), weights={**stagemodel.model()["weights"], stagemodel.NONE: -20.0})
    match = Matcher(salon, placement=sure).match("Wrong number, sorry")
    assert not match.placed
    assert any("no word of a topic" in n for p in match.parts for n in p.nudges)


def test_praise_of_the_people_naming_no_moment_goes_where_the_work_is_done_when_the_model_is_unsure(salon):
    service = next(s.id for s in salon.stages if s.name == "Consultation & service")
    # a model that knows nothing but the first stage: the praise would land there, unsure
    matcher = Matcher(salon, placement={"weights": {"first": 0.5}, "threshold": 0.3})
    match = matcher.match("He was lovely, a real gent")
    assert match.placed and match.stage_id == service
    assert any("where the work is done" in n for p in match.parts for n in p.nudges)
    # a moment named ("booking") is no praise of the work alone: the model's stage stands
    assert matcher.match("He was lovely on the phone when I was booking").stage_id != service


def test_the_fit_is_deterministic_and_learns_which_stage_the_features_point_to():
    fit = _fit_module()
    fit.STEPS = 60
    # two stages: the labelled one has feature 0; one sample labelled no stage has nothing
    samples = [([[(0, 1.0)], []], [(0, 1.0)], 0, 1.0), ([[], [(0, 1.0)]], [(0, 1.0)], 1, 1.0),
               ([[], []], [(0, 1.0)], 2, 1.0)]
    first, second = fit.fit(samples, 0.01), fit.fit(samples, 0.01)
    assert first == second
    assert first[stagemodel.FEATURES[0]] > 0


# -- round 9: where the work is done among two stages of the same moment; how sure the model is ------------------


def test_a_price_asked_for_is_before_the_service_and_work_fitted_is_during_it():
    assert stagemodel.stage_moments("Get a price") == {"before": 1.0}  # a price asked for is a quote, not payment
    assert stagemodel.stage_moments("Pay the bill") == {"pay": 1.0}
    assert stagemodel.stage_moments("Parts fitted")["during"] == 1.0


def _named(*names: str, industry: str = "", description: str = "") -> JourneyMap:
    journey = _journey(*((n, [], []) for n in names))
    journey.business.industry, journey.business.description = industry, description
    return journey


def test_waiting_or_arriving_is_not_where_the_work_is_done():
    from cjm_assistant.evidence.placement import service_stage

    journey = _named("Book a slot", "Wait for the team", "Repair", "Pay")
    assert journey.stages[service_stage(journey)].name == "Repair"
    journey = _named("Book a slot", "Arrive & drop off", "Job done")
    assert journey.stages[service_stage(journey)].name == "Job done"
    assert service_stage(_named("Book a slot", "Wait for the team", "Arrive on the day")) is None


def test_a_moment_after_the_work_is_not_where_it_is_done_even_when_it_names_the_work():
    from cjm_assistant.evidence.placement import service_stage

    journey = _named("Find us", "Fitting", "After the fitting")
    assert journey.stages[service_stage(journey)].name == "Fitting"


def test_what_the_business_says_it_does_names_the_stage_of_the_work():
    from cjm_assistant.evidence.placement import service_stage

    plain = _named("Find & book", "Wash & polish", "Collect & pay")
    assert service_stage(plain) is None  # no word of the work in any trade
    told = _named("Find & book", "Wash & polish", "Collect & pay", industry="Hand wash and polish",
                  description="A hand wash on an old forecourt")
    assert told.stages[service_stage(told)].name == "Wash & polish"


def test_a_first_or_trial_time_gives_way_to_the_stage_where_the_work_goes_on():
    from cjm_assistant.evidence.placement import service_stage

    journey = _named("Get a quote", "First clean", "Regular cleans", "Pay")
    assert journey.stages[service_stage(journey)].name == "Regular cleans"
    journey = _named("Get a quote", "First clean", "Pay")
    assert journey.stages[service_stage(journey)].name == "First clean"  # the only one: still the work


def test_sureness_is_the_likeliest_stages_probability_less_a_share_of_the_next_and_more_when_words_agree():
    from cjm_assistant.evidence.placement import Hit

    probs = [0.5, 0.3, 0.1]
    hits = [Hit(0, 2.0, []), Hit(1, 1.0, []), Hit(2, 0.0, [])]
    assert stagemodel.sureness(probs, 0, hits, {}) == 0.5
    assert stagemodel.sureness(probs, 0, hits, {"margin": 0.5}) == 0.35
    assert stagemodel.sureness(probs, 0, hits, {"agree": 0.1}) == 0.6  # BM25 alone finds the same stage
    assert stagemodel.sureness(probs, 1, hits, {"agree": 0.1}) == 0.3  # ...and here it does not
    assert stagemodel.sureness(probs, 0, hits, {"agree": 0.1}, pain_stage=0) == 0.7  # ...and so does a pain point's
    assert stagemodel.sureness(probs, 1, hits, {"agree": 0.1}, pain_stage=0) == 0.3
    assert stagemodel.sureness([], None, [], {"agree": 0.1}) == 0.0


def test_sureness_with_a_whole_margin_is_the_lead_over_the_runner_up_whatever_the_number_of_stages():
    from cjm_assistant.evidence.placement import Hit

    # the same lead of 0.2 over the next stage on a map of three stages and one of eight reads the same
    few = [0.5, 0.3, 0.1]
    many = [0.4, 0.2, 0.1, 0.1, 0.05, 0.05, 0.05, 0.0]
    assert stagemodel.sureness(few, 0, [Hit(i, 0.0, []) for i in range(3)], {"margin": 1.0}) == 0.2
    assert stagemodel.sureness(many, 0, [Hit(i, 0.0, []) for i in range(8)], {"margin": 1.0}) == 0.2
    # two stages about as likely leave next to no lead, however likely each is
    assert stagemodel.sureness([0.45, 0.44, 0.01], 0, [], {"margin": 1.0}) == 0.01



def test_what_the_bill_came_to_against_the_price_said_before_leans_to_the_payment_stage():
    journey = _journey(("Get a quote", ["Asks for a price"], []), ("The work", ["Lets them in"], []),
                       ("Pay for it", ["Pays"], []))
    index = MapIndex(journey)
    facts = stagemodel.StageFacts.of(index)
    gap = stagemodel.FEATURES.index("price_gap")

    def feature(text, feeling="negative"):
        return [row[gap] for row in stagemodel.features(index, facts, set(), text, feeling, index.stages(set()), [])]

    for text in ("VAT on top of the quote", "quoted £89, went to pay and it was £134",
                 "the price list said £60, ended up £95 with no warning", "that's not what I was quoted",
                 "delivery added on, only found out at the very end of the order, £7"):
        assert feature(text) == [0.0, 0.0, 1.0], text
    assert feature("no hidden fees, exactly what the website said", "positive") == [0.0, 0.0, 1.0]  # either way
    for text in ("the quote was fair", "waited 11 days for a quote for 4 extra sockets", "at the end it worked"):
        assert feature(text) == [0.0, 0.0, 0.0], text
    assert gap and stagemodel.model()["weights"]["price_gap"] > 0  # fitted: it says payment, not the quote


@pytest.mark.parametrize("text, overall", [
    ("Our 6th year here, wouldn't stay anywhere else", True),  # loyalty: a verdict on the business, no moment
    ("Third year with you and still our favourite", True),
    ("Been using them for years", True),
    ("Best money we spent on the whole move", True),
    ("the second time the boiler broke", False),  # a problem come back is a moment
    ("My favourite colour came out patchy", False),
    ("our third visit was late", False),
])
def test_a_verdict_on_the_whole_business_is_read_as_about_no_one_stage(text, overall):
    nowhere = stagemodel.none_features({"x"}, text, "positive", [])
    assert nowhere[stagemodel.NONE_FEATURES.index("none_overall")] == float(overall)
    assert stagemodel.model()["weights"]["none_overall"] > 0  # fitted: it makes no stage likelier


def test_a_stage_names_phrase_says_its_moment_not_its_words_alone():
    assert stagemodel.stage_moments("Pick-up") == {"during": 1.0}  # the collection, not picking one
    assert stagemodel.stage_moments("Pick up the car") == {"during": 1.0}
    assert stagemodel.stage_moments("Pick a colour") == {"before": 1.0}
    assert stagemodel.stage_moments("Get in touch") == {"before": 1.0}  # the first contact
    assert stagemodel.stage_moments("Eye examination") == {"during": 1.0}  # an examination is the work itself


# -- round 10: a stated pain point heard in the words of the problem it names -----------------------


def _damage_map(provenance: str) -> JourneyMap:
    from cjm_assistant.domain.model import PainPoint
    return JourneyMap(title="t", business=Business(name="Shop"), stages=[
        Stage(id="st1", name="Order", actions=[Note(id="ac1", text="Chooses and pays")], pain_points=[
            PainPoint(id="pp3", name="Checkout keeps failing", provenance="user"),
            PainPoint(id="pp4", name="Prices not shown", provenance="inferred",
                      description="Customers can't see what it costs before they ask.")]),
        Stage(id="st2", name="Receive it", actions=[Note(id="ac2", text="Gets the goods")], pain_points=[
            PainPoint(id="pp1", name="Transit damage", provenance=provenance),
            PainPoint(id="pp2", name="Pick-up is unclear", provenance="inferred",
                      description="Customers aren't sure when it will arrive or where to pick it up.")])])


def test_a_stated_pain_point_is_heard_in_the_words_of_the_problem_it_names():
    # the owner's "Transit damage" is the catalogue's problem of goods arriving damaged: a part telling it in other
    # words ("crushed", "torn") scores it, and covers its name as its own words would
    index = MapIndex(_damage_map("user"))
    from cjm_assistant.evidence import words as w
    terms = set(w.terms("The box arrived crushed and torn"))
    hits = index.pains_named(terms)
    stated, inferred = index.pain_ids.index("pp1"), index.pain_ids.index("pp2")
    assert hits[stated].score > hits[inferred].score > 0
    assert index.coverage(stated, terms, named=True) == 1.0
    # where a part goes is still weighed on the map's own words
    assert index.pains(terms)[stated].score == 0 and index.coverage(stated, terms) == 0
    # ...so the inferred pain point that only shares "arrive" does not take the complaint
    m = Matcher(_damage_map("user")).match("The box arrived crushed and torn")
    assert m.parts[0].pain_point != "pp2", m.parts[0]


def test_an_inferred_pain_point_gets_no_words_beyond_its_own():
    # an inferred pain point comes with the catalogue's own description: nothing is added to it
    from cjm_assistant.evidence import words as w
    index = MapIndex(_damage_map("inferred"))
    terms = set(w.terms("The box arrived crushed and torn"))
    pain = index.pain_ids.index("pp1")
    assert index.pains_named(terms)[pain].score == 0 and index.coverage(pain, terms, named=True) == 0
