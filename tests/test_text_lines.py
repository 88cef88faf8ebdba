"""The shipped line models of clean_text (title, date, authors): each file reads back
as written, records the data it was trained on, and is refused when its features are
not the code's."""

from __future__ import annotations

import json
from types import ModuleType

import pytest

from cleaners.metadata import textauthors, textdate, texttitle
from cleaners.metadata.textlines import line_model_from_dict, shipped_line_model

FIELDS = (texttitle, textdate, textauthors)


@pytest.mark.parametrize("field", FIELDS, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_the_shipped_model_reads_back_and_records_its_data(field: ModuleType) -> None:
    model = shipped_line_model(field.MODEL_FILE, field.FEATURES)
    sets = model.record["sets"]
    assert sets["wcxb-dev-dirty"] == 486  # the gold; news dumps labelled by their twins
    assert set(sets) <= {"wcxb-dev-dirty", "aeb-dirty", "mhb-dev-dirty"}
    assert 0.0 < model.with_url.threshold < 1.0
    assert 0.0 < model.without_url.threshold < 1.0
    again = line_model_from_dict(json.loads(json.dumps(model.to_dict())), field.FEATURES)
    assert again.to_dict() == model.to_dict()


@pytest.mark.parametrize("field", FIELDS, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_a_model_file_with_other_features_is_refused(field: ModuleType) -> None:
    data = shipped_line_model(field.MODEL_FILE, field.FEATURES).to_dict()
    data["features"] = [*field.FEATURES, "extra"]
    with pytest.raises(ValueError, match="retrain"):
        line_model_from_dict(data, field.FEATURES)


def test_an_older_file_with_one_scorer_is_refused() -> None:
    data = shipped_line_model(texttitle.MODEL_FILE, texttitle.FEATURES).to_dict()
    data["threshold"], data["trees"] = 0.5, data.pop("with_url")["trees"]
    del data["without_url"]
    with pytest.raises(ValueError, match="retrain"):
        line_model_from_dict(data, texttitle.FEATURES)
