"""Signals between the rooms: the write path announces, the read path listens.

`data_changed` is sent after a curation unit of work commits a change (sender: the Flask
app, or None outside one; `version`: the new data version when known). The read path
subscribes in its `init_app`; the write path imports nothing from it.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

data_changed = _signals.signal("data-changed")
