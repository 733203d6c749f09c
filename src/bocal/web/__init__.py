"""The workspace in a browser (issue #14): agenda, task pages, office tables, sign-in, served by `bocal serve`.

Plain WSGI with a small router (`http`), Jinja2 templates with autoescape (``templates/web/``), the
task store for state and history, and its own users and sessions (`auth`, migration 30). The library
rule holds: no click here; `bocal serve` (the edge) builds a `WorkspaceApp` and `mount`s it beside
the feeds app under ``/w/``.

Modules: `app` (WorkspaceApp, mount, Settings, FeedLink), `auth` (users, links, sessions, rate
limit), `http` (request, response, headers, router), `source` (the profile or clients, re-read on
edits), `views` (agenda, task, progress, worklist), `views_admin` (sign-in, users, subscribe, year),
`render` (templates, words shared by pages), `words` (ja/en).
"""

from __future__ import annotations

from .app import FeedLink, Settings, WorkspaceApp, mount
from .auth import Accounts, StartupLink
from .source import Source

__all__ = ["Accounts", "FeedLink", "Settings", "Source", "StartupLink", "WorkspaceApp", "mount"]
