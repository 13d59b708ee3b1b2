"""nnstudio's tests. A package, so that tests import shared helpers (``tests.image_sets``) however
pytest is started."""
