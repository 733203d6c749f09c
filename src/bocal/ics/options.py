"""The one options type for every calendar bocal writes or serves."""

from __future__ import annotations

from dataclasses import dataclass

WINDOWS = ("both", "deadline")


@dataclass(frozen=True, slots=True)
class CalendarOptions:
    """How tasks become components, for export, ``--split``, ``--clients``, the feeds and publish.

    lang: "ja" or "en" for every text; alarms: VALARMs from the duty's ``remind`` lead times;
    todo: a VTODO per task besides the events (Thunderbird, Apple Reminders; Google has no VTODO);
    windows: "both" (an opening event and a deadline event) or "deadline" (the deadline only);
    uid_domain: the domain after @ in every UID (None: each profile's own);
    months_back / months_ahead: the feeds' window around today (whole months; export takes a range).
    """

    lang: str = "ja"
    alarms: bool = True
    todo: bool = False
    windows: str = "both"
    uid_domain: str | None = None
    months_back: int = 12
    months_ahead: int = 24

    def __post_init__(self) -> None:
        if self.lang not in ("ja", "en"):
            raise ValueError(f"lang must be ja or en, not {self.lang!r}")
        if self.windows not in WINDOWS:
            raise ValueError(f"windows must be one of {', '.join(WINDOWS)}, not {self.windows!r}")

    @property
    def deadline_only(self) -> bool:
        return self.windows == "deadline"

    @classmethod
    def of(
        cls,
        *,
        lang: str = "ja",
        no_alarms: bool = False,
        deadline_only: bool = False,
        todo: bool = False,
        uid_domain: str | None = None,
    ) -> CalendarOptions:
        """From the CLI's flags (``--no-alarms``, ``--deadline-only``, ``--todo``, ``--uid-domain``)."""
        return cls(
            lang=lang,
            alarms=not no_alarms,
            todo=todo,
            windows="deadline" if deadline_only else "both",
            uid_domain=uid_domain,
        )
