"""gunicorn config for the benchmark: the repository's gunicorn.conf.py, unchanged, except
that the access log is off and the log level is "warning" (per-request logging to a pipe
would dominate a micro-benchmark on both sides alike). Workers, threads and bind come from
the MASTHEAD_* variables that gunicorn.conf.py reads; the runner sets MASTHEAD_WORKERS=2.
"""

import os
import runpy

_conf = runpy.run_path(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gunicorn.conf.py")
)
globals().update(
    {k: v for k, v in _conf.items() if not k.startswith("_") and k not in ("os", "multiprocessing")}
)

accesslog = None
loglevel = "warning"
