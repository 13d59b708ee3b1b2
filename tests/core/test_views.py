"""The registry of views: declared once, read by lessons, presentation and the training process."""

from nnstudio.core.lessons import VIEWS as LESSON_VIEWS
from nnstudio.core.views import VIEWS, computed_for, views_in


def test_every_view_the_registry_declares_is_known_to_lessons_and_computes_known_parts():
    assert set(LESSON_VIEWS) == set(VIEWS) - {"draw_sample"}
    assert computed_for(["weights", "gradients", "loss"]) == {"weights"}
    assert computed_for(VIEWS) == {"weights", "distributions", "landscape", "network", "layers",
                                    "model"}
    assert all(spec.dock for spec in VIEWS.values() if spec.place == "dock")
    assert set(views_in("main")) == {"boundary", "regression", "samples", "confusion"}
