"""Labels: what regulators, platforms and raters applied to an outlet, each cited."""

from __future__ import annotations

from ...models import Label, Outlet
from .. import schemas as s
from ..shapes import LabelFields, columns
from .base import RecordService


class LabelService(RecordService):
    kind = "label"
    model = Label
    create_shape = s.LabelCreate
    patch_shape = s.LabelPatch
    fields = columns(LabelFields)
    refs = {"outlet": ("outlet_id", Outlet)}
    sourced = True
