from typing import Literal, get_origin

import cleaners
import scraper


def test_cleaners_all_is_sorted_and_complete() -> None:
    assert cleaners.__all__ == sorted(cleaners.__all__)
    for name in cleaners.__all__:
        value = getattr(cleaners, name)
        if get_origin(value) is Literal:  # a fixed set of names (ErrorKind): no __module__
            continue
        assert value.__module__.startswith("cleaners")


def test_scraper_all_is_sorted_and_importable() -> None:
    assert scraper.__all__ == sorted(scraper.__all__)
    for name in scraper.__all__:
        assert hasattr(scraper, name)
