"""The per-page time limit: `cleaners.deadline`, where `clean_text` finds it too."""

from cleaners.deadline import Deadline, interrupt_after

__all__ = ["Deadline", "interrupt_after"]
