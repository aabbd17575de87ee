"""The bakery map as plain JSON-like data: the shared example of the tests."""

# Ids are given for the touchpoints and pain points (other items refer to
# them) and left out everywhere else, so the map validator assigns them:
# pe1; ch1-ch3; st1-st5; ac1-ac2; th1-th2; op1-op3; kp1-kp3; tr1.
BAKERY = {
    "title": "Ordering a birthday cake",
    "kind": "current",
    "scope": "first online order of a custom cake",
    "business": {
        "name": "Sweet Crumbs",
        "description": "A small neighbourhood bakery that makes custom cakes.",
        "industry": "Food",
        "offering": "Custom celebration cakes, delivered",
        "business_model": "B2C",
        "goals": ["More repeat orders"],
    },
    "personas": [
        {
            "name": "Maya",
            "summary": "A busy parent planning a child's party.",
            "goals": ["A cake that matches the party theme"],
            "frustrations": ["Hidden costs"],
            "channels": ["Instagram", "WhatsApp"],
            "quote": "I just want to know what it costs.",
        }
    ],
    "channels": [
        {"name": "Instagram", "kind": "social"},
        {"name": "Website", "kind": "web"},
        {"name": "WhatsApp", "kind": "messaging"},
    ],
    "stages": [
        {
            "name": "Discover",
            "goal": "find a bakery that can make the cake",
            "emotion": 1,
            "actions": [{"text": "scrolls cake photos"}],
            "touchpoints": [{"id": "tp1", "name": "Instagram post", "channel": "Instagram", "team": "Marketing"}],
            "thoughts": [{"text": "Can they do a unicorn cake?"}],
            "pain_points": [{"id": "pp1", "name": "no prices on Instagram", "severity": 2, "touchpoint": "tp1"}],
            "opportunities": [
                {"name": "Show prices upfront", "addresses": ["pp1"], "impact": "high", "effort": "low"}
            ],
            "kpis": [{"name": "Profile visits", "target": "500 a week"}],
        },
        {
            "name": "Consider",
            "emotion": 0,
            "touchpoints": [
                {"id": "tp2", "name": "Menu page", "channel": "Website"},
                {"id": "tp3", "name": "Instagram DM", "channel": "Instagram"},
                {"id": "tp4", "name": "WhatsApp chat", "channel": "WhatsApp", "team": "Sales"},
            ],
            "pain_points": [{"id": "pp2", "name": "slow replies", "severity": 3, "touchpoint": "tp4"}],
            "opportunities": [{"name": "Quick-reply templates", "addresses": ["pp2"]}],
        },
        {
            "name": "Checkout",
            "goal": "pay without surprises",
            "emotion": -1,
            "touchpoints": [
                {"id": "tp5", "name": "Cart page", "channel": "Website"},
                {"id": "tp6", "name": "Order form", "channel": "Website"},
            ],
            "pain_points": [
                {"id": "pp3", "name": "delivery fee shown late", "severity": 3, "touchpoint": "tp5",
                 "evidence": ["'I only saw the fee at the end'"], "mentions": 4}
            ],
            "opportunities": [
                {"name": "Fee calculator on cart", "addresses": ["pp3"], "impact": "high", "effort": "medium"}
            ],
            "kpis": [{"name": "Checkout completion", "target": "80%", "current": "62%"}],
        },
        {
            "name": "Delivery",
            "emotion": 0,
            # The same name as a Consider touchpoint: a name alone is ambiguous.
            "touchpoints": [{"id": "tp7", "name": "WhatsApp chat", "channel": "WhatsApp"}],
            "thoughts": [{"text": "Will it arrive on time?"}],
            "pain_points": [{"id": "pp4", "name": "no delivery window", "severity": 2}],
        },
        {
            "name": "After",
            "emotion": 1,
            "actions": [{"text": "posts a photo of the cake"}],
            "touchpoints": [{"id": "tp8", "name": "Review request", "channel": "WhatsApp"}],
            "kpis": [{"name": "Repeat orders", "target": "30%"}],
        },
    ],
    "transitions": [{"source": "tp5", "target": "tp6", "kind": "next", "label": "continue to order form"}],
}
