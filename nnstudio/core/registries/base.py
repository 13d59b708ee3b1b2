"""A registry: named entries declared once, read by every layer (torchvision's list_models /
get_model idea)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Iterable, Iterator, Literal, Protocol, TypeVar


class Entry(Protocol):
    name: str
    label: str


E = TypeVar("E", bound=Entry)


class Registry(Mapping[str, E]):
    """Entries of one kind by name, in the order they were declared (the order the form lists).
    A read-only mapping: ``registry[name]`` is an entry, iterating gives the names."""

    def __init__(self, kind: str, entries: Iterable[E]) -> None:
        self.kind = kind
        self._entries: dict[str, E] = {}
        for entry in entries:
            if entry.name in self._entries:
                raise ValueError(f"{kind} {entry.name!r} is declared twice")
            self._entries[entry.name] = entry

    def __getitem__(self, name: str) -> E:
        try:
            return self._entries[name]
        except KeyError:
            raise KeyError(f"unknown {self.kind} {name!r}; known: {', '.join(self._entries)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def names(self) -> tuple[str, ...]:
        """Every entry's name, in declaration order."""
        return tuple(self._entries)

    def literal(self) -> object:
        """``Literal["a", "b", ...]`` of the names, for the pydantic schema."""
        return Literal[self.names()]  # type: ignore[valid-type]

    def where(self, setting: str) -> tuple[str, ...]:
        """Names of the entries a setting applies to (each entry lists its ``settings``)."""
        return tuple(name for name, entry in self._entries.items()
                     if setting in getattr(entry, "settings", ()))

    def labels_where(self, setting: str) -> str:
        """'A, B, C': the labels of the entries a setting applies to (for descriptions)."""
        return ", ".join(self._entries[name].label for name in self.where(setting))

    def applies_when(self, controller: str) -> dict[str, tuple[str, tuple[str, ...]]]:
        """``{setting: (controller, names it applies to)}`` for every setting some entries list
        but not all: the form greys a setting out while ``controller`` names another entry."""
        settings = dict.fromkeys(s for entry in self.values() for s in getattr(entry, "settings", ()))
        rules = {}
        for setting in settings:
            names = self.where(setting)
            if len(names) < len(self):
                rules[setting] = (controller, names)
        return rules
