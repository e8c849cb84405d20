"""Import a Masthead dataset export (the round trip of `flask export`)."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from ..dataset import ApplyReport, apply_dataset, parse_dataset
from ..errors import ValidationFailed


def import_text(session: Session, text: str, actor: str) -> ApplyReport:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            f"not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    return apply_dataset(session, parse_dataset(raw, actor.split(":", 1)[-1]), actor=actor)
