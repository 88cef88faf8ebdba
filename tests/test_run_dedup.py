"""Near-duplicate fingerprints: syndicated copies are similar, different stories are not."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scraper.state.dedup import band_keys, most_similar, shingles, signature, similarity, text_hash

STORY = (
    "The city council voted on Tuesday to extend the night bus network to the northern "
    "suburbs, after a two year campaign by residents who said the last train left them "
    "stranded. The new routes start in March and will run every twenty minutes between "
    "midnight and five in the morning, the transport office said in a statement. "
    "Opponents argued the money would be better spent on road repairs, but the motion "
    "passed by nineteen votes to eleven after a long debate."
)
OTHER = (
    "A small bakery on the harbour front has won the regional bread prize for the third "
    "time, beating forty other entries with a sourdough made from a starter the owner's "
    "grandmother kept alive for sixty years. The judges praised its crust and its open "
    "crumb, and the shop said queues had formed before dawn since the result was announced."
)


def test_syndicated_copy_is_similar_and_other_story_is_not() -> None:
    copy = "Reprinted from the Daily Courier. " + STORY.replace("Tuesday", "tuesday,")
    assert similarity(signature(STORY), signature(copy)) >= 0.8
    assert similarity(signature(STORY), signature(OTHER)) < 0.2
    assert set(band_keys(signature(STORY))) & set(band_keys(signature(copy)))
    assert not set(band_keys(signature(STORY))) & set(band_keys(signature(OTHER)))


def test_signature_is_deterministic_and_case_insensitive() -> None:
    assert signature(STORY) == signature(STORY.upper()) == signature(STORY)
    assert len(signature("")) == 64 * 8
    assert shingles("one two") == {"one two"}


def test_most_similar_picks_the_best_above_threshold() -> None:
    base = signature(STORY)
    candidates = [
        ("other", signature(OTHER)),
        ("copy", signature(STORY + " More.")),
        ("same", base),
    ]
    assert most_similar(base, candidates, 0.8) == "same"
    assert most_similar(base, candidates[:1], 0.8) is None


def test_text_hash_is_sha256_of_utf8() -> None:
    assert text_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


@given(st.text(max_size=200), st.text(max_size=200))
def test_similarity_is_symmetric_and_one_with_itself(a: str, b: str) -> None:
    left, right = signature(a), signature(b)
    assert similarity(left, right) == similarity(right, left)
    assert similarity(left, left) == 1.0


def _exact_signature(text: str) -> bytes:
    """The MinHash signature with Python's exact integers (the definition)."""
    from struct import pack

    from scraper.state import dedup

    values = [dedup._base(s) for s in shingles(text)] or [0]
    mins = [min((a * x + b) % dedup._PRIME for x in values) for a, b in dedup._COEFFICIENTS]
    return pack(f">{len(mins)}Q", *mins)


@given(st.text(min_size=0, max_size=300))
def test_signature_is_the_exact_integer_minhash(text: str) -> None:
    """64-bit arithmetic gives the stored keys of earlier versions, bit for bit."""
    assert signature(text) == _exact_signature(text)


def test_the_modular_product_holds_at_the_edges() -> None:
    import numpy as np

    from scraper.state import dedup, minhash

    prime = dedup._PRIME
    xs = [0, 1, prime - 1, prime, prime + 1, 2**61, 2**63, 2**64 - 1, 0x1234_5678_9ABC_DEF0]
    reduced = minhash.reduce(np.array(xs, dtype=np.uint64))
    assert reduced.tolist() == [x % prime for x in xs]
    for a, b in [(prime - 1, prime - 1), (1, 0), *dedup._COEFFICIENTS[:4]]:
        row = minhash.mulmod(np.array([[a]], dtype=np.uint64), reduced[None, :]) + np.uint64(b)
        assert minhash.reduce(row)[0].tolist() == [(a * x + b) % prime for x in xs]
