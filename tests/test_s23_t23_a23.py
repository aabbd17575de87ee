"""Session 23, a23: an outside attack as a new user with two businesses unlike the examples: Calibrix (B2B: on-site
calibration of lab balances and pipettes for pharma QC labs, a QC manager and a procurement buyer) and FieldShare
(two-sided: farmers renting idle machinery to farmers nearby, an owner and a contractor who rents). Each journey is
told by its two ends or as a list of steps, lists are typed as people type them, one answer is vague.

Each test names its finding and severity and a one-line repro; each fails until that finding is fixed. Found with
`cjm new --answers`, `cjm refine`, `cjm export`, `cjm evidence` and the TUI (tmux, 100x30 and 120x40)."""

from __future__ import annotations

from .support.a23 import CALIBRIX, FIELDSHARE, new as _new, journey_json as _json, export as _export


# -- d4. (medium) A channel the playbook does not know ("agricultural shows", where the business meets farmers) is
# given one generic touchpoint, on "Brings it back", and Owner Gwen's "Renters bring it back dirty" is pinned on it
# ("on Agricultural shows"). In the Calibrix map "Can't see what's due in the portal" is pinned on "Stand or talk at an
# event" (Trade shows), though it names the portal. Repro: cjm new --answers fieldshare.toml / calibrix.toml; stage
# sections in the Markdown.

def _touchpoint_channels(stage: dict) -> dict[str, str]:
    return {tp["id"]: tp["channel"] for tp in stage["touchpoints"]}


def test_d4_a_show_is_not_where_a_machine_comes_back(capsys, tmp_path):
    journey = _json(capsys, _new(capsys, tmp_path, FIELDSHARE))
    back = next(s for s in journey["stages"] if s["name"] == "Brings it back")
    assert "Agricultural shows" not in _touchpoint_channels(back).values(), back["touchpoints"]


def test_d4_a_portal_problem_is_not_pinned_on_a_trade_show(capsys, tmp_path):
    journey = _json(capsys, _new(capsys, tmp_path, CALIBRIX))
    for stage in journey["stages"]:
        channels = _touchpoint_channels(stage)
        for pp in stage["pain_points"]:
            if "portal" in pp["name"].lower() and pp["touchpoint"]:
                assert channels[pp["touchpoint"]] == "Customer portal", (stage["name"], pp, stage["touchpoints"])


# -- d6. (medium) A step the user named gets another trade's goal and actions: "Picks it up" (a renter collecting a
# combine) reads "Get the finished work when promised, as agreed" and "Hears the work is ready". Repro: cjm new
# --answers fieldshare.toml; the Picks it up column.

def test_d6_collecting_a_machine_is_not_collecting_finished_work(capsys, tmp_path):
    journey = _json(capsys, _new(capsys, tmp_path, FIELDSHARE))
    pick = next(s for s in journey["stages"] if s["name"] == "Picks it up")
    text = " ".join([pick["goal"], *[a["text"] for a in pick["actions"]]]).lower()
    assert "work is ready" not in text and "finished work" not in text, text


# -- d7. (medium) In a two-sided map every touchpoint is marked for both sides: the Mermaid diagram shows "Payout
# status in the app: 1: Owner Gwen, Contractor Tom" under "Owner gets paid", and `--persona tom` keeps the owner's
# payout as Tom's. Repro: cjm export fieldshare -f mermaid; the section "Owner gets paid".

def test_d7_the_renter_is_not_on_the_owners_payout(capsys, tmp_path):
    text = _export(capsys, _new(capsys, tmp_path, FIELDSHARE), "mermaid")
    section = text.split("section Owner gets paid", 1)[1].split("section", 1)[0]
    assert "Contractor Tom" not in section, section
