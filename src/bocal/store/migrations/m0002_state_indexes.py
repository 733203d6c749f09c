"""Indexes for what people ask of state: a task's history, a duty's tasks (progress, orphans)."""

from . import Migration

MIGRATION = Migration.same(
    2,
    "state indexes",
    "CREATE INDEX task_history_key ON task_history (key, id)",
    "CREATE INDEX task_history_duty ON task_history (duty, id)",
    "CREATE INDEX task_state_duty ON task_state (duty, period)",
)
