"""Reminders by email and chat (`bocal notify`): digests of the open tasks, sent once a day.

`digest` (what each recipient is told, pure) → `render` (subject, text, HTML, chat JSON) →
`run` (plan and deliver, collecting failures) over `smtp` and `webhook`; `config` reads the
`[notify]` table; `sentlog` remembers what went out. No click here.
"""
