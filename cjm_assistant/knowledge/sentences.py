"""Whether a fix written from the owner's words reads as a sentence (:func:`garbled`), and small mends to one
(:func:`tidy`).

A rule of :mod:`.rephrase` or :mod:`.remedies` pastes the owner's own words into a template ("Make sure {x:the}
works first time"); a template may only take a phrase it can read there, a noun phrase where a noun phrase goes.
Each check below is one way a pasted phrase fails, found in real answers: a clause, a pronoun or a preposition where
a thing's name goes, a verb that does not agree, the owner speaking in the first person, the owner's complaint kept
in the answer. A garbled fix is never offered: the next rule, the practitioner's remedy or "no suggestion yet" is.
"""

from __future__ import annotations

import re

from . import grammar as g

#: A clause of the owner's story after the fix ("... before my daughter found a date"): who did what when, not
#: what to change.
STORY = re.compile(r"\s+(?:before|after|until|till|til|when|while|because)\s+(?:i|he|she|we|my|his|her|our)\s+\w+.*$", re.I)


#: A determiner before a clause: "Shorten the she heard someone jumped the queue", "the heard someone jumped ...".
_CLAUSE_AS_NOUN = re.compile(r"\b(?:the|a|an)\s+(?:(?:heard|saw|seen|told|said|thought|knew|found|felt|got|came|went|"
                             r"\w+ed)\s+)?(?:i|he|she|we|they|you|someone|somebody|everyone|everybody|nobody|no one|"
                             r"anyone|anybody)\b", re.I)


#: A thing's name with its own passive verb after a preposition: "Shorten the wait for the last piece was refused".
_PASSIVE_AS_NOUN = re.compile(r"\b(?:for|of|about|to|with|on)\s+(?:the|a|an|their|his|her|its)\s+(?:[\w'-]+\s+){0,2}"
                              r"(?:was|were|is|are)\s+\w+(?:ed|en)\b", re.I)


#: A determiner before a verb or a pronoun: "Tell daughters about the had happened", "Make sure the it is ready",
#: "Make sure its is ready".
_VERB_AS_NOUN = re.compile(r"\b(?:the|a|an|its)\s+(?:had|has|have|is|are|was|were|it|did|does|"
                           # "the will" before a verb is a clause; before a comma or "and" it is a will, a document
                           r"will(?!\s*[,.;:]|\s*$|\s+(?:and|or|with|for|is|was|in|on|at|of|to)\b)|would|could|"
                           r"should|must|might|shall|can\s+(?:never|not|always|only|hardly|\w+s)\b|"
                           # a word that never follows "the": a preposition or an article ("Tell customers about the for
                           # a baby"), a past verb ("Make sure the rang in october")
                           r"for|to|of|with|from|by|the|a|an|about|than|and|or|but|rang|sang|went|came|took|gave|said|"
                           r"told|bought|brought|thought|saw|ran|sat|stood|doesn't|doesnt|didn't|didnt)\b", re.I)


#: One persona's pronoun in a fix for the whole business ("Make sure she's first").
_ONE_PERSON = re.compile(r"\b(?:she|he)(?:'s|’s|'d|’d)?\b", re.I)


#: A pronoun that is a subject, with a verb that does not agree with it: the owner's clause bent to fit a thing
#: ("Make sure the parts I carries in the van ...").
_DISAGREES = re.compile(r"\b(?:I|we|they)\s+(?!(?:is|was|has|does|as|us|plus|this|its|always|sometimes|perhaps|"
                        r"across|unless|less|guess|access|process|discuss|miss|pass|cross|dress|press|bless|stress)\b)"
                        r"\w*[^s\W]s\b")


#: A pronoun where a thing's name goes, after a determiner and at most a word that describes ("Explain how the worried
#: its works", "Add a PO number to every them"), or a preposition or a conjunction straight after "the" ("Check the
#: people sign the against what was asked").
_PRONOUN_AS_NOUN = re.compile(r"\b(?:the|a|an|every|each|any)\s+(?:[\w'-]+(?:ed|ing)\s+)?(?:it|its|it's|them|they|him|"
                              r"he|she|we|i|us)\b|\bthe\s+(?:against|into|onto|without|within|unless|because|if|when|"
                              r"while|after|before|than)\b|\bthat\s+(?:or|and|but|so)\b|"
                              # a passive's helper or a modal kept as the thing ("Make sure the being works first
                              # time", "Check the scared something will against what was asked")
                              r"\b(?:the|a|an|every|each)\s+(?:being|been|getting)\b|"
                              r"\b(?:will|would|could|should|might|must)\s+"
                              r"(?:against|before|after|with|for|of|to\s+the)\b",
                              re.I)


#: Words put together that no sentence has: a bare verb after a preposition ("Check in with know why people"), two
#: prepositions ("a reminder about by the time"), "about like", "Make sure to drivers", "Remind about ...", a gerund
#: with its own object after "the" ("Show the skipping a week up front"), an adverb after "the" ("Shorten the just
#: ..."), a second clause kept ("... sick and theres no quick way"), a verdict kept ("... which is awful for them").
_NO_SENTENCE = re.compile(r"\b(?:with|about|from|of)\s+(?:know|think|want|need|say|tell|go|come)\b|"
                          r"\babout\s+(?:by|for|of|with|to|at|in|on|from|like)\b|"
                          r"^make\s+sure\s+(?:to|for|of|with|by|at|in)\b|^remind\s+(?:about|of)\b|"
                          r"\bthe\s+\w+ing\s+(?:a|an|the|their|his|her|my|our)\b|"
                          r"\bthe\s+(?:just|really|even|still|also|already|never|always)\b|"
                          r"\band\s+(?:there'?s|theres|there\s+is|there\s+was|there\s+were)\b|"
                          r"\b(?:each|every|the|a|an)\s+(?:every\w*|each|any\w*|nobody|no\s+one)\b|"
                          r"\bthe\s+(?:in|on|at|out|up|off)\s*(?:[,.;]|$)|\bmore\s+\d+\b|"
                          r"^add\b.*\b(?:left|free|finding\s+\w+)\s*$|\b(?:or|and|but|of|with|the|an?)\s*$|"
                          r"^make\s+sure\s+(?:[\w'-]+\s+){1,4}?(?:went|came|did|had)\b|"
                          r"\bwhich\s+(?:is|was)\s+(?:awful|terrible|horrible|annoying|rubbish|ridiculous|stupid|"
                          r"a\s+nightmare|a\s+pain)\b", re.I)


#: A fix that asks people to do what the owner complained of ("Remind people to ... bring too much luggage", "Remind
#: hosts to complain about the price"), or ends on a verb that needs its object ("Remind restaurant managers to
#: expect").
_ASKS_FOR_THE_PROBLEM = re.compile(r"^(?:remind|make\s+sure|ask|tell)\b(?!.*\bnot\b).*\b(?:too\s+(?:much|many)|"
                                   r"to\s+(?:complain|moan|grumble|whinge))\b|"
                                   r"\b(?:get|gets|getting)\s+(?:cross|angry|upset|annoyed|fed\s+up)\b|"
                                   r"^remind\s+(?:[\w'-]+\s+){1,3}?to\s+"
                                   r"(?:expect|bring|give|take|send|put|tell|ask|get)\s*$",
                                   re.I)


#: The owner speaking: the first person ("codes I don't understand", "my van"; not "me", which names things: "the
#: show me tell me questions") or a contraction written
#: without its apostrophe ("the same bills thats", "shes at", "Couldnt get the heater"): a fix is written for the
#: business, in clean words.
_OWNER_SPEAKING = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|i'll|my|myself|shes|hes|thats|whats|theyre|youre|"
                             r"couldnt|wouldnt|shouldnt|doesnt|didnt|dont|cant|wont|isnt|arent|wasnt|werent|theyve|"
                             r"weve|youve)\b", re.I)


#: A word that is never a noun made plural ("Answer the common things twices up front").
_ADVERB_AS_PLURAL = re.compile(r"\b(?:twices|onces|agains|enoughs|alreadys|laters|soons|upfronts|aways)\b", re.I)


#: A fix that ends on a pronoun standing for nothing it names ("Remove the need to refund them": refund whom?).
_DANGLING = re.compile(r"\b(?:to|for|with)\s+\w+\s+(?:them|him|her|it)\s*$|\b(?:refund|chase|ring|call|email|text|"
                       r"remind|pay|send|tell|ask)\s+(?:them|him|her)\s*$|"
                       r"\binstead\s*$", re.I)  # "Tell people when it's overflowing instead": of what is lost


#: A word between a verb and the pronoun it is done to, where only a preposition goes ("Remove the need to shave bad
#: them", "to park tiny it miles away": an adjective from elsewhere in the sentence glued in), or a pronoun that says
#: who does something put where whom it is done to goes ("Make they quick and simple to use").
_WORD_BEFORE_PRONOUN = re.compile(
    r"\bto\s+[a-z][\w'-]*\s+(?!(?:to|for|with|at|on|in|into|onto|about|after|from|of|without|round|around|through|"
    r"over|under|by|behind|near|like|past|before|against|towards?|upon|beside|between|among|than|as|sure|certain|"
    r"that|so|when|if|until|till|because|how|what|why|where|whether|once|while|unless|and|or|but|let|make|help|"
    r"see|hear|watch|tell|ask|give|show|send|get|have|had|has|is|are|was|were|be)\b)[a-z][\w'-]*\s+"
    r"(?:them|him|it(?!')(?!\s+(?:is|was|are|were|has|had|will|would|can|could|does|did|gets|got|goes|went|comes|came|"
    r"arrives|needs|takes|works|looks|should|must|might|may)\b))\b|"
    r"^(?:make|keep|help|show|tell|remind|give|let)\s+(?:they|we|i|he|she)\b", re.I)


#: The owner's condition or complaint carried into the answer ("Make sure happy groups leave one unless the host asks",
#: "Follow up so more customers come back and moan about everything"): an answer never asks for either.
_COMPLAINT_KEPT = re.compile(r"\bunless\b|\b(?:and|or)\s+(?:moan|moans|complain|complains|grumble|grumbles|whinge|"
                             r"whinges|panic|panics)\b", re.I)


#: A wait said with how it was asked for: "Shorten the wait for a quote by email" reads as shortening it by email.
_MEANS_AS_WHAT = re.compile(r"^(?:shorten|cut|speed\s+up|reduce)\b.*\bby\s+(?:email|e-mail|phone|post|text|letter)\s*$",
                            re.I)


def _aux_before_verb(name: str) -> bool:
    """"before the portal login is expires": an auxiliary kept in a thing's name, before the verb the fix adds."""
    for m in re.finditer(r"\b(?:is|are|was|were|be)\s+([a-z]+?)(e?s)\b", name, re.I):
        word = m.group(1) + m.group(2)
        if not word.casefold().endswith("ss") and g.lemma(word) != word.casefold() and \
                g.lemma(word) in (m.group(1).casefold(), m.group(1).casefold() + "e"):
            return True
    return False


#: "says the age limit clear enough": the owner's adjective for how it is said, as an adverb.
#: Not "clear" before its noun ("Show a clear price"): an adjective there, not how it is said.
_SAID_CLEAR = re.compile(r"\b((?:says?|shows?|explains?|states?)\s+.+?)\s+(?:clear|clearly)(?:\s+enough)?\b"
                         r"(?=\s*$|\s*[,.;:!?]|"
                         r"\s+(?:to|for|on|in|at|before|when|and|or|so|that|by|from|with|where|up)\b)",
                         re.I)


def tidy(name: str | None) -> str | None:
    """A filled fix with the owner's loose wording made plain ("says the age limit clear enough" -> "says the age
    limit clearly")."""
    return _SAID_CLEAR.sub(r"\1 clearly", name) if name else name


def garbled(name: str) -> bool:
    """Whether a fix written from the owner's words is no sentence: a clause put where a thing's name goes ("Shorten
    the she heard someone jumped the queue at the bar", "Tell daughters about the had happened"), a pronoun or a
    preposition there ("how the worried its works", "every them", "the against"), a verb that does not agree with its
    pronoun ("the parts I carries") or follows an auxiliary ("the login is expires"), an adverb made plural ("things
    twices"), a pronoun at the end that stands for nothing ("Remove the need to refund them"), a word glued between
    a verb and its pronoun ("Remove the need to shave bad them"), the owner's
    complaint or condition kept in the answer ("... unless the host asks"), or how a wait was asked for read as how
    to shorten it ("Shorten the wait for a quote by email")."""
    return any(check.search(name) for check in _CHECKS) or bool(_OWNER_SPEAKING.search(STORY.sub("", name))) \
        or _aux_before_verb(name)  # the owner's story after the fix is cut (rephrase's ``_finish``), not judged


#: Every way a pasted phrase fails, as a pattern (:func:`garbled`).
#: A modal after "to", from a wish pasted over a clause ("Give people a reason to would give them a date").
_TO_MODAL = re.compile(r"\bto\s+(?:would|will|could|should|can|must|might|shall)\b|"
                       # the complaint's own "didn't realise" kept at the end ("Remove the need to book members didn't
                       # realise")
                       r"\b(?:didn'?t|don'?t|doesn'?t|never)\s+(?:realise|realize|know|understand|notice)\s*$", re.I)
_CHECKS = (_CLAUSE_AS_NOUN, _TO_MODAL, _VERB_AS_NOUN, _ONE_PERSON, _DISAGREES, _PASSIVE_AS_NOUN, _PRONOUN_AS_NOUN, _ADVERB_AS_PLURAL,
           _DANGLING, _WORD_BEFORE_PRONOUN, _COMPLAINT_KEPT, _MEANS_AS_WHAT, _NO_SENTENCE, _ASKS_FOR_THE_PROBLEM)
