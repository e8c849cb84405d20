"""gunicorn settings, in Python so they can read the environment. Logs go to stdout/stderr."""

import multiprocessing
import os

bind = os.environ.get("MASTHEAD_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("MASTHEAD_WORKERS", str(min(4, multiprocessing.cpu_count()))))
threads = int(os.environ.get("MASTHEAD_THREADS", "8"))
timeout = int(os.environ.get("MASTHEAD_TIMEOUT", "30"))
# The app bounds each request's database waits by MASTHEAD_REQUEST_DEADLINE (server/config.py);
# it must end well before gunicorn gives up on a worker, or a stuck request costs a worker.
_request_deadline = float(os.environ.get("MASTHEAD_REQUEST_DEADLINE", "10"))
if timeout > 0 and not 0 < _request_deadline < timeout:
    raise SystemExit(
        f"MASTHEAD_REQUEST_DEADLINE ({_request_deadline:g} s) must be above 0 and below "
        f"MASTHEAD_TIMEOUT ({timeout} s)"
    )
graceful_timeout = 20
keepalive = 5
# Load the app in each worker (not the master) so every worker gets its own database pool.
preload_app = False
accesslog = os.environ.get("MASTHEAD_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("MASTHEAD_LOG_LEVEL", "info")
# Behind a proxy, trust X-Forwarded-* only from these addresses.
forwarded_allow_ips = os.environ.get("MASTHEAD_FORWARDED_ALLOW_IPS", "127.0.0.1")
# The longest request line gunicorn accepts (its maximum): a lookup URL at the API's
# documented limit still fits when every character is percent-encoded (3 bytes each).
limit_request_line = 8190


def post_fork(server, worker):
    """gunicorn's own 400/414/431 answers in the API's JSON error shape
    (server/web/gunicorn_errors.py)."""
    from server.web.gunicorn_errors import install

    install()


def post_worker_init(worker):
    """Each worker checks the data version in the background from the start, and builds its
    read model before its first lookup (server/read/cache.py)."""
    from server.db_slots import limit_threads
    from server.read.cache import start_background

    start_background(worker.wsgi)
    # One thread always left for /healthz and answers from memory (server/db_slots.py).
    limit_threads(worker.wsgi, worker.cfg.threads)


# gunicorn's runtime control socket is one shared path per user (~/.gunicorn/gunicorn.ctl):
# several Masthead servers on one machine would take it from each other. Masthead does not use
# it; MASTHEAD_CONTROL_SOCKET=<path> turns it on at a path of this server's own.
control_socket = os.environ.get("MASTHEAD_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
