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


def settle_heap() -> None:
    """Take every object alive now out of the collector's future walks (``gc.freeze``).

    What a screen has just loaded lives as long as the screen, yet each full collection walks
    it again: at 100,000 CPE rows the first full one after start-up fell inside the person's
    first edit (0.3 s of a 0.5 s edit). Called once the window has loaded and once a screen
    is first built. Cyclic garbage already dead at that moment is kept (frozen objects are
    never collected): a few objects of start-up, against a walk of millions on every edit.
    """
    gc.freeze()
