"""Shared test settings.

Under CI (`CI` set, as `.ci/run` is run there) every hypothesis test draws the same
examples on every run, so a submission's result does not depend on luck; locally
they explore anew each run.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")
