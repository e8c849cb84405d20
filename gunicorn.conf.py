"""gunicorn settings, in Python so they can read the environment. Logs go to stdout/stderr."""

import multiprocessing
import os

bind = os.environ.get("MASTHEAD_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("MASTHEAD_WORKERS", str(min(4, multiprocessing.cpu_count()))))
threads = int(os.environ.get("MASTHEAD_THREADS", "8"))
timeout = int(os.environ.get("MASTHEAD_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Load the app in each worker (not the master) so every worker gets its own database pool.
preload_app = False
accesslog = os.environ.get("MASTHEAD_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("MASTHEAD_LOG_LEVEL", "info")
# Behind a proxy, trust X-Forwarded-* only from these addresses.
forwarded_allow_ips = os.environ.get("MASTHEAD_FORWARDED_ALLOW_IPS", "127.0.0.1")
