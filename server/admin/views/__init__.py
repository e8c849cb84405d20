"""Admin views, one module per page group; importing them attaches their routes to `bp`."""

from . import common, history, outlets, records, reports, signin, suggestions, users  # noqa: F401
