"""bocal — Japanese back-office deadlines (総務・人事・労務・経理・法務・情報システム) as tasks and calendars."""

__version__ = "0.1.0"
