"""Benchmarks: quality (shingle F1) and speed, always next to a peer run in the same process."""
