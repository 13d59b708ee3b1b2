"""The application's state and the training process, with no Qt (see state.py, protocol.py)."""
