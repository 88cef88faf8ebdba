"""The steps every input goes through once it is a list of blocks.

`clean_text` and `clean_html` build a `Draft` their own way (text unescaping and
segmentation; decoding, structured data, pruning and main-content extraction), then
both run `SHARED_STEPS`, top to bottom, and `normalize.to_document`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cleaners import boilerplate, header, template
from cleaners.document import Document
from cleaners.draft import Draft
from cleaners.errors import Rejected
from cleaners.normalize import to_document

Step = Callable[[Draft], Draft]

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

    Raises `Rejected("not_article")` instead of returning a document without words
    (`clean_text` and `clean_html` raise `Rejected("empty")` for blank input first).
    """
    document = to_document(run(draft))
    if document.word_count == 0:
        raise Rejected("not_article", "no article text in it")
    return document
