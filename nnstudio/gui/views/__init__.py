"""Live pyqtgraph views: they only draw the numpy arrays they are given."""

from nnstudio.gui.views.boundary_view import BoundaryView
from nnstudio.gui.views.curves import AccuracyView, LearningRateView, LossView, smooth
from nnstudio.gui.views.plotting import configure_pyqtgraph
from nnstudio.gui.views.regression_view import RegressionView

# White background and black text for every plot created after this import.
configure_pyqtgraph()

__all__ = [
    "AccuracyView",
    "BoundaryView",
    "LearningRateView",
    "LossView",
    "RegressionView",
    "configure_pyqtgraph",
    "smooth",
]
