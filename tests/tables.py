"""Small CSV tables for tests, in their own units (what a user would import)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def write_scores(path: Path, n: int) -> Path:
    """``n`` rows of age, weight and a score around 150 (std about 40) that follows both, with
    noise; the same rows for the same ``n``."""
    rng = np.random.default_rng(3)
    age, weight = rng.uniform(20, 80, n), rng.normal(75, 12, n)
    score = 150 + 1.2 * (age - 50) + 2.0 * (weight - 75) + rng.normal(0, 8, n)
    path.write_text("age,weight,score\n" + "".join(
        f"{a:.1f},{w:.1f},{s:.2f}\n" for a, w, s in zip(age, weight, score)))
    return path
