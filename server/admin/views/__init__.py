"""Admin views, one module per page group; importing them attaches their routes to `bp`."""

from . import (  # noqa: F401
    common,
    history,
    outlets,
    records,
    reports,
    review,
    signin,
    suggestions,
    users,
)
