"""Labels: what regulators, platforms and raters applied to an outlet, each cited."""

from __future__ import annotations

from ...models import Outlet
from ..shapes import LabelFields, columns
from .base import RecordService


class LabelService(RecordService):
    kind = "label"
    fields = columns(LabelFields)
    refs = {"outlet": ("outlet_id", Outlet)}
    sourced = True
