"""The steps every input goes through once it is a list of blocks.

`clean_text` and `clean_html` build a `Draft` their own way (text unescaping and
segmentation; decoding, structured data, pruning and main-content extraction), then
both run `SHARED_STEPS`, top to bottom, and `normalize.to_document`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from cleaners import boilerplate, header, template
from cleaners.document import Document
from cleaners.draft import Draft
from cleaners.errors import Rejected
from cleaners.normalize import to_document
from cleaners.textstats import CJK_RANGE

Step = Callable[[Draft], Draft]

# An article has at least one paragraph of prose: this many words of letters (a CJK
# character counts as one word), or a sentence of a few words. A directory listing, a
# table of figures or a page of labels has none.
PROSE_WORDS = 6
SENTENCE_WORDS = 3
_LETTER_WORD = re.compile(rf"[{CJK_RANGE}]|[^\W\d_{CJK_RANGE}]{{2,}}")
_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’»)）]*$")

SHARED_STEPS: tuple[Step, ...] = (
    template.remove_known_templates,  # blocks the state store learned for this site
    header.take_header,  # title, byline, date, source out of the first blocks
    boilerplate.remove_boilerplate,  # ads, widgets, policies, related lists, credits
    header.drop_title_repeats,  # the title again inside the body
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
    document = to_document(run(draft))
    if document.word_count == 0:
        raise Rejected("not_article", "no article text in it")
    if not has_prose(document.text):
        raise Rejected("not_article", f"no paragraph of prose in its {document.word_count} words")
    return document


def has_prose(text: str) -> bool:
    """True when a paragraph of `text` is prose: `PROSE_WORDS` words of letters, or a
    sentence of `SENTENCE_WORDS` words."""
    for part in text.split("\n\n"):
        words = len(_LETTER_WORD.findall(part))
        if words >= PROSE_WORDS or (words >= SENTENCE_WORDS and _SENTENCE_END.search(part)):
            return True
    return False
