import ast
from collections.abc import Iterator
from pathlib import Path
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


def _cleaners_imports(path: Path) -> Iterator[tuple[str, str]]:
    """(module, name) for each name `path` imports from `cleaners` or below it."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "cleaners":
            yield from ((node.module or "", alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (
                (alias.name, "") for alias in node.names if alias.name.split(".")[0] == "cleaners"
            )


def test_scraper_imports_no_private_name_of_cleaners() -> None:
    # The cleaning that scraper runs goes through the face (`from cleaners import ...`);
    # the trainers and benchmarks (scraper/train, scraper/bench) also import the
    # models' homes and the stages they are trained on, never a private name.
    package = Path(scraper.__file__).parent
    for path in sorted(package.rglob("*.py")):
        tooling = path.relative_to(package).parts[0] in ("train", "bench")
        for module, name in _cleaners_imports(path):
            where = f"{path.relative_to(package.parent)}: {module} {name}"
            assert not any(part.startswith("_") for part in [*module.split("."), name]), where
            assert tooling or module == "cleaners", where
