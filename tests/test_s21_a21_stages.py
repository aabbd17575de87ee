"""Session 21, brief a21: an outside attack (CLI and interview only) on this session's changes: 'I don't know' in the
interview and answers files, the limits of an answers file, and the offline stages of kept services and of journeys
told by their steps. Each test names its finding (B1...) and fails until that finding is fixed. This copy keeps B5
and B6 only (another helper has the others)."""

from __future__ import annotations

import pytest

from tests.test_cli import cjm, current  # noqa: F401  (cjm is a fixture)

def _new(cjm, tmp_path, text):  # noqa: F811
    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    result = cjm("new", "--answers", str(path))
    assert result.code == 0, result.err
    return current(cjm, result.last_line)


# -- B5 (medium): "from A to B to C" keeps B and C in one stage ------------------------------------------------------
# "from enquiry to site visit to report" gave the stage "Site visit to report" (and "Enquiry" before "Find and
# choose"); "from sign-up to first class to renewal" gave "First class to renewal". ("via"/"through" work.)

@pytest.mark.parametrize(("business", "offering", "customers", "journey"), [
    ("GeoSure, a land survey firm", "one-off topographic surveys for developers", "B2B, property developers",
     "from enquiry to site visit to report"),
    ("FitHub, a gym in Leeds", "gym memberships and classes", "B2C, adults", "from sign-up to first class to renewal"),
], ids=["survey", "gym"])
def test_b5_each_step_of_from_a_to_b_to_c_is_a_stage_of_its_own(cjm, tmp_path, business, offering,  # noqa: F811
                                                                 customers, journey):
    text = (f'business = "{business}"\noffering = "{offering}"\ncustomers = "{customers}"\n'
            f'journey = "{journey}"\n')
    names = [s.name for s in _new(cjm, tmp_path, text).stages]
    assert not any(" to " in name.lower() for name in names), names


def test_b5_an_enquiry_told_as_the_first_end_comes_before_choosing(cjm, tmp_path):  # noqa: F811
    text = ('business = "GeoSure, a land survey firm"\noffering = "one-off topographic surveys for developers"\n'
            'customers = "B2B, property developers"\njourney = "from enquiry to site visit to report"\n')
    names = [s.name.lower() for s in _new(cjm, tmp_path, text).stages]
    if "find and choose" in names and "enquiry" in names:
        assert names.index("find and choose") < names.index("enquiry"), names


# -- B6 (medium): a service kept on a contract, told "from start to finish", is drawn as a one-off booking -----------
# "Sparkle, office cleaning", "weekly office cleaning on a contract", B2B: Need and awareness | Find and choose |
# Book and pay | Before the day | The cleaning | Afterwards | Come back: no ongoing service, invoice or renewal.

def test_b6_a_b2b_service_kept_on_a_contract_gets_ongoing_service_and_renewal(cjm, tmp_path):  # noqa: F811
    text = ('business = "Sparkle, office cleaning"\noffering = "weekly office cleaning on a contract"\n'
            'customers = "B2B offices"\njourney = "from start to finish"\n')
    names = " | ".join(s.name.lower() for s in _new(cjm, tmp_path, text).stages)
    assert "renew" in names and ("ongoing" in names or "invoice" in names), names
