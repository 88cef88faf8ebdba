"""Our zstd copy of py3langid's model is the same model, and loads faster."""

from __future__ import annotations

import io
import lzma

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, classify

from cleaners.language import _MODEL, _identifier, detect_language, read_model

SAMPLES = [
    "The city council approved the new budget on Tuesday after a long debate.",
    "Der Stadtrat hat am Dienstag nach langer Debatte den neuen Haushalt beschlossen.",
    "El ayuntamiento aprobó el martes el nuevo presupuesto tras un largo debate.",
    "Rada miasta przyjęła we wtorek nowy budżet po długiej debacie.",
    "Городской совет во вторник после долгих дебатов утвердил новый бюджет.",
    "As mães disseram que não há problema nenhum com o novo horário da escola.",
]


def test_the_copy_holds_py3langids_model() -> None:
    """Fails after a py3langid upgrade: rebuild with `python -m scraper.langid_model`."""
    ours = read_model(_MODEL.read_bytes())
    with lzma.open(MODEL_DIR / MODEL_FILE) as source, np.load(io.BytesIO(source.read())) as theirs:
        assert sorted(ours) == sorted(theirs.files)
        for name in theirs.files:
            assert ours[name].dtype == theirs[name].dtype
            assert np.array_equal(ours[name], theirs[name])


def test_same_answers_as_py3langid() -> None:
    for sample in SAMPLES:
        assert _identifier().classify(sample) == classify(sample)
    assert [detect_language(s) for s in SAMPLES] == ["en", "de", "es", "pl", "ru", "pt"]
