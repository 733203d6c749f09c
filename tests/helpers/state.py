"""Task state without a database: `DictState`, a StateView over a dict (the in-memory shape of what
the task store serves), for renderer tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from bocal.state import Status, TaskState


@dataclass
class DictState:
    """A StateView over a dict: the protocol, implemented."""

    states: dict[str, TaskState] = field(default_factory=dict)

    def get(self, key: str) -> TaskState | None:
        return self.states.get(key)

    def version(self) -> str:
        return str(len(self.states))

    def done(self, key: str) -> None:
        self.states[key] = TaskState(key, Status.DONE)
