"""What `bocal notify` sent: one row per recipient + channel + digest date (its idempotence key)."""

from . import Migration

MIGRATION = Migration.same(
    20,
    "notifications sent",
    """CREATE TABLE notifications_sent (
    key         TEXT PRIMARY KEY,
    day         TEXT NOT NULL,
    recipient   TEXT NOT NULL,
    channel     TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    items       INTEGER NOT NULL,
    sent_at     TEXT NOT NULL
)""",
    "CREATE INDEX notifications_sent_day ON notifications_sent (day)",
)
