"""The stage model's pull towards the service stage (brief ev2): the ``service`` and ``during_praise`` features of
cjm_assistant/evidence/stagemodel.py count only for a part that names no moment of the service but the stage's own,
as ``during_plain`` counts only for a part naming none. "Booked in for next week" praises the booking and "had to
wait 3 weeks for a test appointment" complains of it: neither is about the fitting because the fitting is where the
work is done.
"""

from __future__ import annotations

from pathlib import Path

from cjm_assistant.domain.model import Business, JourneyMap, Note, Stage
from cjm_assistant.evidence import stagemodel
from cjm_assistant.evidence.match import Matcher
from cjm_assistant.evidence.placement import MapIndex
from cjm_assistant.session.maps import read_map_file

HEARING_CLINIC = Path(__file__).resolve().parent / "dev" / "evidence" / "hearing-clinic.map.json"


def _hearing_clinic() -> tuple[JourneyMap, MapIndex, stagemodel.StageFacts]:
    stages = [("Find a clinic", ["Searches for hearing clinics nearby"]),
              ("Book a hearing test", ["Rings or books online for a test"]),
              ("Fitting & fine-tuning", ["Has the hearing aids fitted and adjusted"]),
              ("Aftercare", ["Comes back for checks and new batteries"])]
    journey = JourneyMap(title="Hearing clinic", business=Business(name="Clear Sound", industry="hearing clinic"),
                         stages=[Stage(id=f"st{i}", name=name, actions=[Note(id=f"ac{i}", text=a) for a in acts])
                                 for i, (name, acts) in enumerate(stages, 1)])
    index = MapIndex(journey)
    return journey, index, stagemodel.StageFacts.of(index)


def _feature(name: str, text: str, feeling: str) -> list[float]:
    """The feature ``name`` of the part ``text`` on each stage of the hearing clinic's map."""
    _, index, facts = _hearing_clinic()
    col = stagemodel.FEATURES.index(name)
    return [row[col] for row in stagemodel.features(index, facts, set(), text, feeling, index.stages(set()), [])]


def test_the_fitting_is_the_hearing_clinics_service_stage():
    _, index, facts = _hearing_clinic()
    assert facts.service == 2
    assert facts.moments[2].get("during") == 1.0


def test_a_part_naming_the_booking_gets_no_pull_to_the_service_stage():
    assert _feature("service", "Booked in for next week, lovely", "positive") == [0.0, 0.0, 0.0, 0.0]
    assert _feature("service", "Had to wait 3 weeks for a test appointment", "negative") == [0.0, 0.0, 0.0, 0.0]


def test_a_part_naming_no_other_moment_keeps_its_pull_to_the_service_stage():
    assert _feature("service", "The audiologist was so patient with my mum", "positive") == [0.0, 0.0, 1.0, 0.0]


def test_praise_naming_the_booking_is_not_praise_of_the_fitting():
    assert _feature("during_praise", "Booked in for next week, lovely", "positive")[2] == 0.0
    assert _feature("during_praise", "Hearing aids fitted perfectly, so patient", "positive")[2] == 1.0


def test_a_moment_the_stage_itself_is_about_is_no_other_moment():
    assert not stagemodel.names_other_moment({"during": 0.8}, {"during": 1.0})
    assert stagemodel.names_other_moment({"book": 0.9, "during": 0.8}, {"during": 1.0})
    assert stagemodel.names_other_moment({"after": 0.6}, {})


def _placed_on(text: str) -> str | None:
    """The stage of the dev hearing clinic's map (its six stages, the fitting where the work is done) a comment is
    placed on by the import's matcher with the committed weights, or None when it is left for the user."""
    journey = read_map_file(str(HEARING_CLINIC))
    got = Matcher(journey).match(text, None)
    return next((s.name for s in journey.stages if s.id == got.stage_id), None) if got.placed else None


def test_praise_of_a_quick_booking_is_placed_on_the_booking_not_the_fitting():
    assert _placed_on("Booked in for next week, lovely and quick") == "Book a hearing test"


def test_praise_of_the_audiologist_naming_no_other_moment_stays_on_the_fitting():
    assert _placed_on("The audiologist was so patient with my mum, the aids fit perfectly") == "Fitting & fine-tuning"
