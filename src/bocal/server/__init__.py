"""The feed server: subscription feeds over HTTP (``bocal serve``) and as static files (``bocal publish``).

* `app` — the WSGI application (GET/HEAD, uniform 404, 304s, security headers, no token in logs);
* `tokens` — tokens, the registry, an office's tokens file (0600);
* `index` — the subscribe page;
* `watch` — the one file watcher (throttle, keep-last-good, log once);
* `company` — one company's feeds; `office` — an office's client and office feeds;
* `stamp` — the one version stamp (code, rules, inputs, task state) for cache keys, ETags, Last-Modified;
* `publish` — the same bytes as serve, written by the one static writer (`bocal.ics.StaticWriter`);
* `run` — the serve and publish flows of the CLI without click: listen, address, run until
  interrupted, token directories, publish with one error message.

`bocal.feed` and `bocal.office_feed` are the old import paths, kept as compatibility shims for
programs outside bocal; nothing inside bocal imports them.

The library never reads the clock for dates: ``today`` is a callable the caller passes.
"""
