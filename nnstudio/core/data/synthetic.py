"""Synthetic datasets, generated deterministically from a seed.

Each generator returns ``(x, y)`` as numpy arrays: ``x`` is float32 of shape (n, d); ``y`` is
float32 of shape (n, 1) for regression and int64 class indices of shape (n,) for classification.
Coordinates stay within a few units of the origin so the views can show them as they are.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

Generator = Callable[[int, float, int, np.random.Generator], tuple[np.ndarray, np.ndarray]]


def _regression(
    function: Callable[[np.ndarray], np.ndarray],
) -> Generator:
    def generate(n: int, noise: float, n_classes: int, rng: np.random.Generator):
        x = rng.uniform(-1.0, 1.0, size=(n, 1))
        y = function(x) + noise * rng.standard_normal((n, 1))
        return x.astype(np.float32), y.astype(np.float32)

    return generate


linear = _regression(lambda x: 2.0 * x + 0.5)
cubic = _regression(lambda x: 2.0 * x**3 - x + 0.2)
sine = _regression(lambda x: np.sin(np.pi * x))


def per_class_counts(n: int, n_classes: int) -> list[int]:
    """``n`` points shared as evenly as possible between the classes."""
    return [n // n_classes + (1 if k < n % n_classes else 0) for k in range(n_classes)]


def finish_points(
    parts: list[np.ndarray], noise: float, scale: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Label each class's points 0, 1, 2, …, jitter them with noise and shuffle them."""
    x = np.concatenate(parts)
    y = np.concatenate([np.full(len(part), k, dtype=np.int64) for k, part in enumerate(parts)])
    x = x + noise * scale * rng.standard_normal(x.shape)
    order = rng.permutation(len(x))
    return x[order].astype(np.float32), y[order]


def moons(n: int, noise: float, n_classes: int, rng: np.random.Generator):
    """Two interleaving half circles."""
    n_outer, n_inner = per_class_counts(n, 2)
    t_outer = rng.uniform(0.0, np.pi, n_outer)
    t_inner = rng.uniform(0.0, np.pi, n_inner)
    outer = np.stack([np.cos(t_outer) - 0.5, np.sin(t_outer) - 0.25], axis=1)
    inner = np.stack([0.5 - np.cos(t_inner), 0.25 - np.sin(t_inner)], axis=1)
    return finish_points([outer, inner], noise, 1.0, rng)


def circles(n: int, noise: float, n_classes: int, rng: np.random.Generator):
    """A disc (class 1) inside a ring (class 0), as in TensorFlow Playground."""
    n_ring, n_disc = per_class_counts(n, 2)
    radius_ring = rng.uniform(0.7, 1.0, n_ring)
    radius_disc = rng.uniform(0.0, 0.5, n_disc)
    angle_ring = rng.uniform(0.0, 2 * np.pi, n_ring)
    angle_disc = rng.uniform(0.0, 2 * np.pi, n_disc)
    ring = np.stack([radius_ring * np.cos(angle_ring), radius_ring * np.sin(angle_ring)], axis=1)
    disc = np.stack([radius_disc * np.cos(angle_disc), radius_disc * np.sin(angle_disc)], axis=1)
    return finish_points([ring, disc], noise, 0.5, rng)


def xor(n: int, noise: float, n_classes: int, rng: np.random.Generator):
    """Four quadrants; class 1 where x1 and x2 have the same sign."""
    points = rng.uniform(-1.0, 1.0, size=(n, 2))
    points += 0.05 * np.sign(points)  # keep a small gap around the axes
    same_sign = (points[:, 0] * points[:, 1]) > 0
    parts = [points[~same_sign], points[same_sign]]
    return finish_points(parts, noise, 0.5, rng)


def gaussians(n: int, noise: float, n_classes: int, rng: np.random.Generator):
    """Two round gaussian clouds."""
    counts = per_class_counts(n, 2)
    centres = [np.array([-0.6, -0.6]), np.array([0.6, 0.6])]
    parts = [centre + 0.3 * rng.standard_normal((count, 2)) for centre, count in zip(centres, counts)]
    return finish_points(parts, noise, 1.0, rng)


def blobs(n: int, noise: float, n_classes: int, rng: np.random.Generator):
    """``n_classes`` gaussian blobs with centres on a circle."""
    parts = []
    for k, count in enumerate(per_class_counts(n, n_classes)):
        angle = 2 * np.pi * k / n_classes + np.pi / 4
        centre = np.array([np.cos(angle), np.sin(angle)])
        parts.append(centre + 0.25 * rng.standard_normal((count, 2)))
    return finish_points(parts, noise, 1.0, rng)


def spiral(n: int, noise: float, n_classes: int, rng: np.random.Generator):
    """``n_classes`` interleaved spiral arms."""
    parts = []
    for k, count in enumerate(per_class_counts(n, n_classes)):
        radius = np.linspace(0.0, 1.0, count, endpoint=False)
        angle = 1.75 * 2 * np.pi * radius + 2 * np.pi * k / n_classes
        parts.append(np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1))
    return finish_points(parts, noise, 0.3, rng)
