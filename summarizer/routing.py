"""Route each outline part to the schema sections it feeds, so each section's LLM call sees only its text.

A part is scored per section by weighted keywords (declared with each section's model):
distinctive words (特岗, 资助, 党支部) weigh more than generic ones (培训, 项目, 比赛) that turn up
in every chapter. Its own heading counts extra and its ancestors' headings count once, so a
sub-item under "(三)加强教师队伍建设" leans to teachers while a broad chapter title cannot route a
part alone. A part goes to every section that
clears the threshold and comes close to its best section, which keeps duplication low; a sentence of it
that another section's distinctive words claim alone goes to that section as well. Plans go
only to "plans"; problems and chapters on a span of years (十三五回顾) go nowhere; parts that state
no figure go nowhere (nothing to extract).

A text with no outline at all (a short page, one paragraph) has no headings to lean on and often
one paragraph about everything, so it is routed sentence by sentence: one sentence with a figure
and one distinctive word ("发放资助资金580万元") reaches its section. Neighbouring sentences of one
section are joined again, so a quote may run across them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .models import FIGURE_SECTIONS, RouteWords, section_model
from .outline import Kind, Part, split_sentences

PLANS = "plans"

STRONG, MEDIUM, WEAK = 3, 2, 1


def _weights(words: RouteWords) -> dict[str, int]:
    return {
        **dict.fromkeys(words.strong, STRONG),
        **dict.fromkeys(words.medium, MEDIUM),
        **dict.fromkeys(words.weak, WEAK),
    }


# Each section's words are declared with its model (models.py); here they get their weights.
KEYWORDS: dict[str, dict[str, int]] = {
    section: _weights(section_model(section).route_words) for section in FIGURE_SECTIONS
}

# Names of the bureau itself ("教育和体育局", "教体局") are not about sports.
_BUREAU_NAMES = re.compile(r"教育和?体育")
OCCURRENCE_CAP = 3  # one word repeated all over a long paragraph should not swamp the others
OWN_HEADING_BONUS = 2  # a keyword in the part's own heading counts this many times more
THRESHOLD = 4
SENTENCE_THRESHOLD = STRONG  # one sentence says one thing: a single distinctive word is enough
NEAR_BEST = 0.3  # a second section must score at least this share of the best one
_FIGURE = re.compile(r"\d|[一二三四五六七八九十两百千万]+[所名人位个项次场]")


def route(parts: Sequence[Part], text: str) -> dict[str, list[Part]]:
    """Sections → their parts in document order; keys are the five LLM sections plus "plans"."""
    if parts and all(part.kind is Kind.PREAMBLE for part in parts):
        return route_sentences(parts, text)
    routed: dict[str, list[Part]] = {name: [] for name in (*FIGURE_SECTIONS, PLANS)}
    for part in parts:
        if part.kind is Kind.PLANS:
            routed[PLANS].append(part)
        elif part.kind not in (Kind.PROBLEMS, Kind.PERIOD):
            chosen = sections_for(part, text)
            for section in chosen:
                routed[section].append(part)
            for section, sentence in spilled(part, text, chosen):
                _append_joined(routed[section], sentence)
    return routed


def spilled(part: Part, text: str, chosen: Sequence[str]) -> list[tuple[str, Part]]:
    """Sentences of a part that another section's words claim alone: a chapter on balanced schooling
    may report new schools in one sentence (…新建县第一实验小学…等3所学校分校区), a teachers paragraph
    the year's disciplinary cases (共组织处理20人). A part of one sentence routes as a whole."""
    sentences = split_sentences(text, part.start, part.end)
    if len(sentences) < 2:
        return []
    return [
        (section, sentence)
        for sentence in sentences
        for section in sections_for(sentence, text, SENTENCE_THRESHOLD)
        if section not in chosen
    ]


def route_sentences(parts: Sequence[Part], text: str) -> dict[str, list[Part]]:
    """Route an outline-less text one sentence at a time; adjacent sentences of a section are joined."""
    routed: dict[str, list[Part]] = {name: [] for name in (*FIGURE_SECTIONS, PLANS)}
    for part in parts:
        for sentence in split_sentences(text, part.start, part.end):
            for section in sections_for(sentence, text, SENTENCE_THRESHOLD):
                _append_joined(routed[section], sentence)
    return routed


def _append_joined(parts: list[Part], sentence: Part) -> None:
    if parts and parts[-1].end == sentence.start:
        last = parts[-1]
        parts[-1] = Part(last.start, sentence.end, last.level, last.heading, last.path, last.kind)
    else:
        parts.append(sentence)


def sections_for(part: Part, text: str, threshold: int = THRESHOLD) -> list[str]:
    """The sections a results (or preamble) part feeds, best first."""
    body = text[part.start : part.end]
    if not _FIGURE.search(body):
        return []
    scores = {section: score(section, part, body) for section in FIGURE_SECTIONS}
    best = max(scores.values())
    chosen = [s for s in FIGURE_SECTIONS if scores[s] >= max(threshold, NEAR_BEST * best)]
    return sorted(chosen, key=lambda s: -scores[s])


def score(section: str, part: Part, body: str) -> int:
    """Body occurrences (capped) + extra for the own heading + once for each ancestor heading."""
    words = KEYWORDS[section]
    ancestors = _BUREAU_NAMES.sub("", "".join(part.path[:-1] if part.heading else part.path))
    body, heading = _BUREAU_NAMES.sub("", body), _BUREAU_NAMES.sub("", part.heading)
    total = 0
    for word, weight in words.items():
        total += weight * min(body.count(word), OCCURRENCE_CAP)
        total += weight * OWN_HEADING_BONUS * (word in heading)
        total += weight * (word in ancestors)
    return total
