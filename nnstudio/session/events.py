"""Plain observer events: the session announces what changed; the GUI (or a test) listens."""

from __future__ import annotations

from typing import Any, Callable


class Event:
    """A list of callbacks called in order with the event's arguments.

    ``event.connect(callback)`` subscribes, ``event.disconnect(callback)`` unsubscribes,
    ``event.emit(*args)`` calls every callback. A callback that subscribes or unsubscribes while
    the event is being emitted takes effect from the next emit."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., Any]] = []

    def connect(self, callback: Callable[..., Any]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[..., Any]) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, *args: Any) -> None:
        for callback in list(self._callbacks):
            callback(*args)

    def __len__(self) -> int:
        return len(self._callbacks)
