"""The admin blueprint object, kept apart so view modules can import it without cycles."""

from __future__ import annotations

from flask import Blueprint

# Named "maintainer": the JSON API already has a blueprint called "admin" (users, tokens).
bp = Blueprint("maintainer", __name__, url_prefix="/admin")
