"""The steps every input goes through once it is a list of blocks.

`clean_text` and `clean_html` build a `Draft` their own way (text unescaping and
segmentation; decoding, structured data and the learned content model), then run
their steps, top to bottom, and `normalize.to_document`: `SHARED_STEPS` for text,
`CHOSEN_STEPS` for blocks the content model chose (`draft.focused`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from cleaners import boilerplate, header, template
from cleaners.document import Document
from cleaners.draft import Draft
from cleaners.errors import Rejected
from cleaners.metadata import textauthors, textdate, texttitle
from cleaners.normalize import to_document
from cleaners.textstats import CJK_RANGE

Step = Callable[[Draft], Draft]

# An article has at least one paragraph of prose: this many words (runs of letters
# without digits; a CJK character counts as one), or a sentence of a few, and words
# make up this share of its tokens. A directory listing (names, dates, sizes), a table
# of figures or a page of labels has none.
PROSE_WORDS = 6
SENTENCE_WORDS = 3
PROSE_SHARE = 0.4
_CJK = re.compile(f"[{CJK_RANGE}]")
_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’»)）]*$")
# A paragraph's prose is judged on its first this many characters: a 19 MB paragraph
# is not read token by token to learn what its first sentences already show.
PROSE_SAMPLE = 20_000

SHARED_STEPS: tuple[Step, ...] = (
    template.remove_known_templates,  # blocks the state store learned for this site
    header.take_header,  # title, byline, date, source out of the first blocks
    boilerplate.remove_boilerplate,  # ads, widgets, policies, related lists, credits
    header.drop_title_repeats,  # the title again inside the body
    texttitle.learned_title,  # no title yet: the line a learned model picks (metadata only)
    textdate.learned_date,  # no date yet: likewise
    textauthors.learned_authors,  # no authors yet: likewise
)
# The content model already told content from boilerplate: the lexicon step on top
# of it removed article text (in-set F1 -0.010 on aeb, -0.016 on wcxb-dev, mhb-dev
# unchanged), so blocks it chose only lose site templates, header lines and repeats.
CHOSEN_STEPS: tuple[Step, ...] = (
    template.remove_known_templates,
    header.take_header,
    header.drop_title_repeats,
)


def run(draft: Draft, steps: Iterable[Step] = SHARED_STEPS) -> Draft:
    for step in steps:
        draft = step(draft)
    return draft


def finish(draft: Draft) -> Document:
    """Run the shared steps on `draft` and build the `Document`.

    Raises `Rejected("not_article")` instead of returning a document without a
    paragraph of prose (`clean_text` and `clean_html` raise `Rejected("empty")` for
    blank input first).
    """
    document = to_document(run(draft, CHOSEN_STEPS if draft.focused else SHARED_STEPS))
    if document.word_count == 0:
        raise Rejected("not_article", "no article text in it")
    if not has_prose(document.text):
        raise Rejected("not_article", f"no paragraph of prose in its {document.word_count} words")
    return document


def has_prose(text: str) -> bool:
    """True when a paragraph of `text` is prose (see `PROSE_WORDS`)."""
    return any(_is_prose(part) for part in text.split("\n\n"))


def _is_prose(paragraph: str) -> bool:
    paragraph = paragraph[:PROSE_SAMPLE]
    tokens = words = wordy = 0
    for token in _TOKEN.finditer(paragraph):  # one token at a time: no list of them all
        count = _words_in(token.group())
        tokens, words, wordy = tokens + 1, words + count, wordy + (count > 0)
    cjk = sum(1 for _ in _CJK.finditer(paragraph))
    if cjk:
        return cjk + words >= PROSE_WORDS
    if wordy < tokens * PROSE_SHARE:
        return False
    return words >= PROSE_WORDS or (
        words >= SENTENCE_WORDS and _SENTENCE_END.search(paragraph) is not None
    )


def _words_in(token: str) -> int:
    """1 for a word (two letters or more, no digit); a long run of letters (Thai, Lao,
    Khmer write no spaces between words) counts one word per eight letters."""
    if _DIGIT.search(token):
        return 0
    letters = sum(ch.isalpha() for ch in token)
    return 0 if letters < 2 else max(1, letters // 8)
