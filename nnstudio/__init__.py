"""nnstudio: train neural networks by pointing and clicking, and watch them learn."""

__version__ = "0.1.0"
