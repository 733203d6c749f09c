"""Test support shared by several test modules (test modules never import each other):

- paths: where the fixtures are (FORMS, LISTED_PROFILE, …)
- expand: expand one duty of a catalog (tasks, dues)
- serving: ServerThread, waitress on loopback inside the test process; one company's feeds
  (feed_workdir, make_feeds, serving under TOKEN)
- notify: the notify tests' rules and profile, a dict StateView, a real SMTP server and HTTP receiver
- poll: wait_until / wait_for_log, polling with a deadline instead of sleeping
- atomic_hook: run the CLI stopped inside an atomic write (python -m helpers.atomic_hook)
"""
