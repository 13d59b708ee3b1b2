"""A registry: named entries declared once, read by every layer (torchvision's list_models /
get_model idea)."""

from __future__ import annotations

from typing import Generic, Iterable, Iterator, Literal, Protocol, TypeVar


class Entry(Protocol):
    name: str
    label: str


E = TypeVar("E", bound=Entry)


class Registry(Generic[E]):
    """Entries of one kind by name, in the order they were declared (the order the form lists)."""

    def __init__(self, kind: str, entries: Iterable[E]) -> None:
        self.kind = kind
        self._entries: dict[str, E] = {}
        for entry in entries:
            if entry.name in self._entries:
                raise ValueError(f"{kind} {entry.name!r} is declared twice")
            self._entries[entry.name] = entry

    def names(self) -> tuple[str, ...]:
        """Every entry's name, in declaration order."""
        return tuple(self._entries)

    def get(self, name: str) -> E:
        """The entry called ``name``; KeyError naming the known ones if there is none."""
        try:
            return self._entries[name]
        except KeyError:
            raise KeyError(f"unknown {self.kind} {name!r}; known: {', '.join(self._entries)}") from None

    __getitem__ = get

    def literal(self) -> object:
        """``Literal["a", "b", ...]`` of the names, for the pydantic schema."""
        return Literal[self.names()]  # type: ignore[valid-type]

    def where(self, setting: str) -> tuple[str, ...]:
        """Names of the entries a setting applies to (entries list theirs in ``settings``)."""
        return tuple(name for name, entry in self._entries.items()
                     if setting in getattr(entry, "settings", ()))

    def applies_when(self, controller: str) -> dict[str, tuple[str, tuple[str, ...]]]:
        """``{setting: (controller, names it applies to)}`` for every setting some entry lists
        but not all do: the form greys a setting out while ``controller`` names another entry."""
        settings = dict.fromkeys(s for entry in self for s in getattr(entry, "settings", ()))
        rules = {}
        for setting in settings:
            names = self.where(setting)
            if len(names) < len(self):
                rules[setting] = (controller, names)
        return rules

    def __iter__(self) -> Iterator[E]:
        return iter(self._entries.values())

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __len__(self) -> int:
        return len(self._entries)
