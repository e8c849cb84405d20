"""The admin blueprint object, kept apart so view modules can import it without cycles."""

from __future__ import annotations

from flask import Blueprint

# Named "maintainer": "admin" would read as the admin role; these pages are for editors too.
bp = Blueprint("maintainer", __name__, url_prefix="/admin")
