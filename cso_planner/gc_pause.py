"""Pause Python's cyclic garbage collector while one bulk read or write builds many objects.

Loading 100,000 CPE activities creates hundreds of thousands of tuples, dicts and rows that
all survive; each time enough of them pile up, the collector walks every object the process
holds, and with a growing heap that walk was more than half of the work (load_facts at 100k:
7.4 s with the collector running, 3.0 s paused). Nothing of a read is cyclic garbage, so the
collector waits until the work is done, and runs as usual afterwards. The PDF report pauses it
the same way while it lays out and paints tens of thousands of small drawing operations.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the block with the cyclic collector off (reference counting still frees memory).

    Nested use is fine: only the outermost block turns the collector back on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
