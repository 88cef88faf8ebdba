"""Tree ensembles trained elsewhere, evaluated here with numpy.

A model file (`cleaners/data/models/*.json`) holds gradient-boosted trees as flat
arrays (per tree, one entry per node: feature, threshold, left, right, value), the
feature names in order, and a record of the data and settings it was trained from.
Prediction walks all trees over all rows at once, one level per step, so a page of
a few hundred blocks costs a few numpy operations per level.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, slots=True, kw_only=True)
class TreeEnsemble:
    """A binary classifier: the sigmoid of the bias plus the sum of the trees' leaves.

    Node arrays are (trees, nodes); a leaf points to itself on both sides, so every
    row takes `depth` steps. A row goes left where its feature is <= the threshold.
    """

    feature: npt.NDArray[np.intp]
    threshold: npt.NDArray[np.float64]
    left: npt.NDArray[np.intp]
    right: npt.NDArray[np.intp]
    value: npt.NDArray[np.float64]
    depth: int
    bias: float

    def predict(self, rows: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """The positive-class probability of each row."""
        n_trees, width = self.feature.shape
        n_rows = rows.shape[0]
        # node ids made global (tree * width + node) so that lookups are flat takes
        offsets = (np.arange(n_trees) * width)[:, None]
        node = np.broadcast_to(offsets, (n_trees, n_rows)).copy()
        row_index = np.arange(n_rows)[None, :] * rows.shape[1]
        flat_rows = rows.ravel()
        feature, threshold = self.feature.ravel(), self.threshold.ravel()
        left = (self.left + offsets).ravel()
        right = (self.right + offsets).ravel()
        for _ in range(self.depth):
            values = flat_rows.take(row_index + feature.take(node))
            node = np.where(values <= threshold.take(node), left.take(node), right.take(node))
        raw = self.value.ravel().take(node).sum(axis=0) + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-raw)), dtype=np.float64)

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature.tolist(),
            "threshold": self.threshold.tolist(),
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": self.value.tolist(),
            "depth": self.depth,
            "bias": self.bias,
        }


def ensemble_from_dict(data: dict[str, Any]) -> TreeEnsemble:
    return TreeEnsemble(
        feature=np.array(data["feature"], dtype=np.intp),
        threshold=np.array(data["threshold"], dtype=np.float64),
        left=np.array(data["left"], dtype=np.intp),
        right=np.array(data["right"], dtype=np.intp),
        value=np.array(data["value"], dtype=np.float64),
        depth=int(data["depth"]),
        bias=float(data["bias"]),
    )


def read_model_file(name: str) -> dict[str, Any]:
    """The JSON of `cleaners/data/models/<name>`."""
    path = resources.files("cleaners").joinpath("data", "models", name)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
