"""MinHash values in 64-bit numpy: for every permutation `(a, b)`, the least
`(a * x + b) mod p` over the base hashes `x`, with `p = 2**61 - 1`.

The same values as Python's exact integers (the stored band keys depend on it), for
all hashes and permutations at once: the products are taken in 32-bit halves, using
2**64 = 8 and 2**61 = 1 modulo `p`, so nothing exceeds 64 bits.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

_LOW32 = np.uint64(0xFFFFFFFF)
_LOW29 = np.uint64((1 << 29) - 1)
_MERSENNE_61 = (1 << 61) - 1
_P = np.uint64(_MERSENNE_61)


def least_hashes(
    values: Sequence[int], coefficients: Sequence[tuple[int, int]], prime: int
) -> list[int]:
    """Per `(a, b)` of `coefficients`, the least `(a * x + b) mod prime` over `values`
    (64-bit integers); `prime` must be 2**61 - 1."""
    if prime != _MERSENNE_61:
        raise ValueError("the 64-bit MinHash needs the prime 2**61 - 1")
    x = reduce(np.array(values, dtype=np.uint64))[None, :]
    a = np.array([a for a, _b in coefficients], dtype=np.uint64)[:, None]
    b = np.array([b for _a, b in coefficients], dtype=np.uint64)[:, None]
    least: list[int] = reduce(mulmod(a, x) + b).min(axis=1).tolist()
    return least


def reduce(v: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """`v mod (2**61 - 1)` for any 64-bit `v` (2**61 is 1 modulo the prime)."""
    v = (v & _P) + (v >> np.uint64(61))  # below 2**61 + 8
    return np.where(v >= _P, v - _P, v)


def mulmod(a: npt.NDArray[np.uint64], x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """`a * x` for `a`, `x` below 2**61, folded below 2**63 and equal to it modulo
    2**61 - 1 (so that adding a `b` below 2**61 cannot overflow)."""
    a1, a0 = a >> np.uint64(32), a & _LOW32
    x1, x0 = x >> np.uint64(32), x & _LOW32
    high = (a1 * x1) << np.uint64(3)  # a1 * x1 * 2**64: below 2**61
    middle = a1 * x0 + a0 * x1  # times 2**32: below 2**62
    middle = (middle >> np.uint64(29)) + ((middle & _LOW29) << np.uint64(32))  # < 2**61 + 2**33
    low = a0 * x0  # below 2**64
    folded: npt.NDArray[np.uint64] = high + middle + (low & _P) + (low >> np.uint64(61))
    return folded
