"""LightGBM boosters as the flat node arrays `cleaners.model` evaluates.

Every tree becomes rows of (feature, threshold, left, right, value), padded to the
largest tree; a leaf points to itself on both sides so that all rows can take the
same number of steps. LightGBM's raw score is the sum of the leaves (the average it
starts from is folded into the first tree), so the bias is 0.
"""

from __future__ import annotations

from typing import Any


def booster_arrays(booster: Any) -> dict[str, Any]:
    """The trees of a trained `lightgbm.Booster` as lists of node arrays."""
    infos = booster.dump_model()["tree_info"]
    trees = [_flatten(info["tree_structure"]) for info in infos]
    width = max(len(nodes) for nodes in trees)
    arrays: dict[str, list[list[Any]]] = {k: [] for k in ("feature", "threshold", "left", "right")}
    arrays["value"] = []
    for nodes in trees:
        padded = nodes + [(0, 0.0, 0, 0, 0.0)] * (width - len(nodes))
        for column, key in enumerate(("feature", "threshold", "left", "right", "value")):
            arrays[key].append([node[column] for node in padded])
    depth = max(_depth(info["tree_structure"]) for info in infos)
    return {**arrays, "depth": depth, "bias": 0.0}


def _flatten(root: dict[str, Any]) -> list[tuple[int, float, int, int, float]]:
    """Nodes in breadth-first order; each internal node's children by index."""
    nodes: list[tuple[int, float, int, int, float]] = []
    queue = [root]
    index = {id(root): 0}
    while queue:
        node = queue.pop(0)
        me = index[id(node)]
        if "leaf_value" in node:
            nodes.append((0, 0.0, me, me, float(node["leaf_value"])))
            continue
        if node.get("decision_type", "<=") != "<=":
            raise ValueError("only numeric '<=' splits are supported")
        for child in (node["left_child"], node["right_child"]):
            index[id(child)] = len(index)
            queue.append(child)
        left, right = index[id(node["left_child"])], index[id(node["right_child"])]
        nodes.append((int(node["split_feature"]), float(node["threshold"]), left, right, 0.0))
    return nodes


def _depth(node: dict[str, Any]) -> int:
    if "leaf_value" in node:
        return 0
    return 1 + max(_depth(node["left_child"]), _depth(node["right_child"]))
