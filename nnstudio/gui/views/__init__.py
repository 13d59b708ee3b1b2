"""Live pyqtgraph views: they only draw the numpy arrays they are given."""

from nnstudio.gui.views.boundary_view import BoundaryView
from nnstudio.gui.views.confusion_view import ConfusionView, confusion_matrix
from nnstudio.gui.views.curves import AccuracyView, LearningRateView, LossView, smooth
from nnstudio.gui.views.plotting import configure_pyqtgraph
from nnstudio.gui.views.regression_view import RegressionView
from nnstudio.gui.views.sample_browser import SampleBrowser

# White background and black text for every plot created after this import.
configure_pyqtgraph()

__all__ = [
    "AccuracyView",
    "BoundaryView",
    "ConfusionView",
    "LearningRateView",
    "LossView",
    "RegressionView",
    "SampleBrowser",
    "confusion_matrix",
    "configure_pyqtgraph",
    "smooth",
]
