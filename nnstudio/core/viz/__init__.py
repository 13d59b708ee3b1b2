"""The numbers behind the pictures: boundary grids and regression curves."""

from nnstudio.core.viz.grids import BoundaryGrid, FitCurve, boundary_grid, fit_curve

__all__ = ["BoundaryGrid", "FitCurve", "boundary_grid", "fit_curve"]
