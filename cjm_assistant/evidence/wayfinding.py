"""Finding the place: a comment or a pain point about getting to the business and finding the way in.

"Couldn't find the entrance", "the satnav took us to the wrong gate", "got lost, no sign", "reception was hard to
find", "parking round the back was a maze" are one fault, told in words that share little with each other or with
the owner's name for it ("Hard to find us", "Customers can't find the entrance"). A word they share with another
fault is no evidence of it: "the desk was rude" is not "Front desk hard to find", nor "hard to find a slot" the
place. Being found online ("hard to find on Google") is another fault (the catalogue's "Hard to find online").

* :func:`about_finding` : whether a text is about finding the place (a pain point's name, or a comment);
* :func:`finding_trouble` : whether a comment says the customer had trouble finding it ("Took ages to find you"),
  not that it was easy ("easy to find", "never got lost").
"""

from __future__ import annotations

import re

# the place and its way in, as customers name them ("the entrance", "reception", "the loading bay", "you")
_NOUN = (r"(?:entrances?|entry|doors?|doorway|way\s+in|gates?|reception|front\s+desk|desk|building|premises|car\s+park|"
          r"carpark|place|site|venue|unit|loading\s+bay|bay|office|shop|studio|barn|mill|yard|farm|house|address|"
          r"slipway|jetty|pier|pontoon|meeting\s+point|check[\s-]?in|hall|clinic|surgery|centre|center|estate|"
          r"lane|turning|turn[\s-]?off|driveway|location)")
_PLACE = r"(?:" + _NOUN + r"|you|us|them|y'all)"
_ONLINE = re.compile(r"\b(?:online|on\s+(?:google|instagram|facebook|insta|fb|tiktok|the\s+(?:web|internet|app|website|"
                     r"site))|in\s+(?:the\s+)?search|search\s+results?|website|web\s*site|seo|google\s+search|"
                     r"social\s+media|listing)\b", re.I)
# looking for the place: "couldn't find the entrance", "looking for the door", "find where to check in"
_SEEK = re.compile(r"\b(?:find|finding|locate|locating|look(?:ed|ing|s)?\s+for|search(?:ed|ing)?\s+for)\s+"
                   r"(?:the\s+|your\s+|our\s+|their\s+|its\s+|a\s+way\s+to\s+|where\s+(?:the\s+)?(?:to\s+)?)?"
                   r"(?:[a-z'-]+\s+){0,2}?" + _NOUN + r"\b(?!\s+to\b)|"
                   # ...or the business itself, said alone: "took ages to find you" (not "you'll find them friendly")
                   r"\b(?:find|finding|locate|locating|look(?:ed|ing)?\s+for)\s+(?:you|us|them|y'all)\b"
                   r"(?=\s*(?:$|[.!,;?]|at\s+first|first\s+time|in\s+the\s+dark|again|tho|though|but|and|as|"
                   r"because))", re.I)
# "hard to find" with the place (or nothing) before it in its clause: "Reception was hard to find", "Bit tricky to
# find", not "Prices are hard to find" nor "hard to find a slot"
_HARD = re.compile(r"\b(?:hard|difficult|tricky|impossible|a\s+nightmare|a\s+pain|not\s+easy|challenging|awkward)\s+"
                   r"to\s+(?:find|locate|spot|get\s+to)\b(?P<after>[^.!?;,]*)", re.I)
_AFTER_OK = re.compile(r"^\s*(?:$|(?:at\s+first|first\s+time|the\s+first\s+time|at\s+night|in\s+the\s+dark|if|when|"
                       r"unless|from|off|without|though|but|and|tbh|honestly|even|with|round|behind|as|because|"
                       r"so|for\s+(?:a\s+)?first[\s-]timers?)\b|(?:the\s+|your\s+|our\s+)?(?:[a-z'-]+\s+)?"
                       + _PLACE + r"\b)", re.I)
_LIGHT = frozenset("it its it's is was are were be been can could the your our a an bit little very quite really so "
                   "pretty rather super slightly extremely incredibly bloody well abit tbh bit and but though a "
                   "just also actually honestly which this that there too first time main front back side "
                   "round".split())
_PLACE_WORD = re.compile(r"^" + _PLACE + r"$", re.I)
_WORDS = re.compile(r"[a-z][a-z'-]*", re.I)
# the way there failing: lost, the satnav, a wrong gate, no signs, a maze, easy to miss
_WAY = re.compile(r"(?:(?:^|[.,;:!?-]\s*|\b(?:we|i|they|you|people|customers|guests|visitors|clients|drivers?|he|she|"
                  r"everyone|everybody|folk|folks)\s+(?:\w+\s+)?)"
                  r"(?:got|get|gets|getting|went|go|goes|were|was|are|be|being)\s+"
                  r"(?:a\s+bit\s+|so\s+|completely\s+|totally\s+)?lost\b|"
                  r"\b(?:sat\s*-?\s*navs?\b|(?-i:GPS|gps)\b|google\s+maps|apple\s+maps|waze\b|what3words|"
                  r"post\s*code\s+(?:takes|took|sends|sent|leads|led|goes|went|brings|brought|puts|put|is\s+wrong|"
                  r"was\s+wrong)|wrong\s+(?:[a-z]+\s+)?(?:gate|entrance|door|lane|side|slipway|building|turn|turning|"
                  r"car\s+park|road|street|site|end|unit|pier|jetty|postcode|location|reception)\b|"
                  r"signage|sign\s*-?\s*post(?:ed|ing|s)?|no\s+signs?\b(?!\s+(?:of|saying|says|said|that))|"
                  r"(?:any|more|bad|poor|better|clear|clearer)\s+signs?\s+(?:to|for|pointing|showing)\b|"
                  r"(?:a|like\s+a|an\s+absolute|a\s+total|a\s+complete)\s+maze\b|labyrinth|rabbit\s+warren|"
                  r"easy\s+to\s+miss|hard\s+to\s+spot|(?:drove|driven|walked|went)\s+(?:straight\s+)?(?:past|round)\s+"
                  r"(?:it|the\s+\w+)\s+(?:twice|three\s+times|several\s+times|a\s+few\s+times|again)|"
                  r"missed\s+the\s+(?:turn|turning|entrance|sign|gate)|(?:no|which)\s+(?:idea\s+)?(?:which|where)\s+"
                  r"(?:door|entrance|gate|building|way)|directions\b))", re.I)
# ...said to have gone well: "easy to find", "found it easily", "never got lost", "satnav took us straight there"
_EASY = re.compile(r"\b(?:easy(?!\s+to\s+miss)|easily|simple|straightforward|no\s+(?:problem|trouble|bother|issues?)|"
                   r"straight\s+there|"
                   r"spot\s+on|found\s+(?:it|you|the\s+\w+)\s+(?:fine|easily|no\s+problem|straight\s+away)|"
                   r"(?:never|didn'?t|did\s+not|don'?t|won'?t)\s+(?:\w+\s+)?(?:get|got|getting)\s+lost|"
                   r"clear\s+directions|"
                   r"clearly\s+sign\s*-?\s*posted|well\s+sign\s*-?\s*posted|"
                   r"good\s+(?:signs|signage|directions))\b", re.I)
# ...and trouble: "couldn't find", "took ages", "hard to find", "lost"
_TROUBLE = re.compile(r"\b(?:could\s*n'?t|couldnt|can'?t|cant|cannot|could\s+not|unable|impossible|hard|difficult|"
                      r"tricky|nightmare|pain|struggled?|struggling|ages|forever|a\s+while|(?:\d+|twenty|thirty|"
                      r"fifteen|ten|forty)\s+min(?:ute)?s|lost|wrong|no\s+signs?|signage|maze|labyrinth|warren|miss|"
                      r"missed|twice|round\s+and\s+round|no\s+idea|confusing|useless|terrible|awful|bad|poor|never)\b",
                      re.I)


def _hard_to_find(text: str) -> bool:
    for found in _HARD.finditer(text):
        if _ONLINE.search(found.group("after")):
            continue
        clause = re.split(r"[.!?;,]|\b(?:but|and|though)\b", text[:found.start()])[-1]
        before = [x.casefold() for x in _WORDS.findall(clause)]
        named = [x for x in before if x not in _LIGHT]
        places = [x for x in named if _PLACE_WORD.match(x)]
        if places and len(named) - len(places) <= 2:
            return True  # "Reception was hard to find", "The loading bay is hard to find"
        if not named and _AFTER_OK.match(found.group("after")):
            return True  # "Hard to find first time", "Bit tricky to find", "hard to find the entrance"
    return False


def about_finding(text: str) -> bool:
    """Whether a text is about finding the place: the way there or the way in (not being found online)."""
    if not text or _ONLINE.search(text):
        return False
    return bool(_WAY.search(text) or _SEEK.search(text) or _hard_to_find(text))


def finding_trouble(text: str) -> bool:
    """Whether a comment says the customer had trouble finding the place ("Took ages to find you", "Got lost"),
    not that finding it went well ("easy to find", "never got lost")."""
    return about_finding(text) and bool(_TROUBLE.search(text)) and not _EASY.search(text)
