"""Session 21, m21: the owner's own journey ends as stages, where persona problems go, fixes that answer the problem,
and payment denied read as a free service (findings of a walk with a glassblowing studio and the dev maps).

Maps are drafted as a user drafts them (``cjm new --answers`` then ``cjm export -f json``, the ``new_map`` fixture)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from cjm_assistant.domain.profile import Profile
from cjm_assistant.knowledge.facts import stated_facts

DEV = Path(__file__).parent / "dev" / "maps"


# 4. "nobody pays", "never pay a penny": payment denied, no sale

@pytest.mark.parametrize("case", ["food-bank", "baby-bank"])
def test_dev_charities_that_say_nobody_pays_are_read_as_free(case):
    answers = tomllib.loads((DEV / f"{case}.toml").read_text(encoding="utf-8"))
    profile = Profile(description=answers["business"], offering=answers["offering"])
    assert stated_facts(profile).free_service


@pytest.mark.parametrize("offering", ["advice sessions, nobody pays for anything",
                                      "free school uniforms, families never pay a penny"])
def test_payment_denied_is_a_free_service(offering):
    assert stated_facts(Profile(description="Hillside Help, a charity", offering=offering)).free_service


@pytest.mark.parametrize("offering", ["cakes to order, some clients never pay on time",
                                      "garden design, people don't pay upfront but we sell plants"])
def test_paying_late_or_later_is_no_free_service(offering):
    assert not stated_facts(Profile(description="Green Ways", offering=offering)).free_service
