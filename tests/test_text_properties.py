"""Properties of `clean_text`: on any text it returns a document or a typed `Rejected`
(never another error, never a blank document), and a clean result is a fixed point."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import Document, Rejected, clean_text

_FAST = settings(
    derandomize=True,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)

_FRAGMENTS = [
    "<p>",
    "</p>",
    "<div class='x'>",
    "</div>",
    "<br>",
    "<li>",
    "<script>var a = 1;</script>",
    "<style>.a{color:red}</style>",
    "&lt;p&gt;",
    "&amp;lt;p&amp;gt;",
    "&amp;",
    "&#8220;",
    r"\u003cp\u003e",
    r"\"",
    r"\n",
    r"\/",
    "Ã¤",
    "Â»",
    "\u200b",
    "\x00",
    "\r\n",
    "广告",
    "中文内容，测试。",
    "相關閱讀",
    "한국어 문장",
    "Advertisement",
    "Related articles",
    "By Jane Doe",
    "2026年3月5日 08:00",
    "March 4, 2026",
    "   ",
    "\n",
    "\n\n",
    "• ",
    "The council approved the budget.",
]
_markup_lines = st.lists(
    st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=20)), max_size=40
).map("".join)

_WORDS = [
    "the",
    "council",
    "approved",
    "new",
    "budget",
    "after",
    "long",
    "debate",
    "mayor",
    "said",
    "schools",
    "roads",
    "parks",
    "years",
    "residents",
    "plan",
    "taxes",
    "city",
    "state",
    "review",
    "projects",
    "autumn",
    "members",
    "warned",
]
_CJK_WORDS = [
    "市议会",
    "通过",
    "新预算",
    "市长",
    "表示",
    "学校",
    "道路",
    "公园",
    "未来",
    "两年",
    "资金",
]


@st.composite
def _sentence(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        words = draw(st.lists(st.sampled_from(_CJK_WORDS), min_size=4, max_size=20))
        return "".join(words) + draw(st.sampled_from(["。", "！", "？"]))
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=4, max_size=18))
    sentence = " ".join(words)
    return sentence[0].upper() + sentence[1:] + draw(st.sampled_from([".", "!", "?"]))


_paragraph = st.lists(_sentence(), min_size=1, max_size=4).map(" ".join)
_article = st.lists(_paragraph, min_size=1, max_size=8).map("\n\n".join)


def _clean(text: str) -> Document | None:
    try:
        return clean_text(text)
    except Rejected as rejected:
        assert rejected.reason in ("empty", "not_article")
        return None


def _check(doc: Document | None) -> None:
    if doc is None:
        return
    assert doc.word_count > 0
    assert "\n\n\n" not in doc.text
    assert doc.text == doc.text.strip()


@_FAST
@given(_text)
def test_never_raises_on_arbitrary_text(text: str) -> None:
    _check(_clean(text))


@_FAST
@given(_markup_lines)
def test_never_raises_on_markup_escapes_and_cjk(text: str) -> None:
    _check(_clean(text))


@_FAST
@given(_article)
def test_cleaning_a_clean_result_changes_nothing(text: str) -> None:
    once = clean_text(text).text
    assert clean_text(once).text == once


def test_idempotent_on_repeated_short_lines() -> None:
    text = "• the the\n\nThe the.\n\nThe the.\n\nThe the.\n\nThe the."
    once = _clean(text)
    assert once is None or clean_text(once.text).text == once.text
