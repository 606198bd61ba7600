"""Writer for the GUI kill run (issue 11): the real main window editing through its widgets.

Usage: ``python -m tests.reliability.gui_edit_writer DB_PATH SEED``.

Opens ``DB_PATH`` as start-up does (``app.Planner``: the file's lock, then the real main
window, offscreen), shows the CPE screen and then edits for ever, each edit through the
real widgets and the real undo stack: *Log CPE…* (the real form, filled in and accepted), *Edit*
(a row selected in the table, its credits changed in the form), *Delete* (a row selected, the
confirmation answered yes) and Undo / Redo (the window's own actions).

The writer keeps its own model of the CPE log (activity → credits and how many certifications
it counts for), one per undo step, and prints:

* ``ready <model>`` once the window is up;
* ``intent <model>`` before each edit: the log as it must be once the edit is saved;
* ``ack <model>`` after it: the log as it is (the intent when the edit was saved, the previous
  model when there was nothing to do), and ``failed <message>`` when saving failed.

Whatever moment it is killed at, the file must hold the last ``ack`` model or, while an edit
was under way, its ``intent``: an edit fully there or not at all.
"""

from __future__ import annotations

import json
import pathlib
import random
import sys
from typing import Any

Model = dict[str, list[float]]  # activity -> [credits, certifications it counts for]


def model_json(model: Model) -> str:
    return json.dumps(sorted([title, *value] for title, value in model.items()))


def read_model(connection: Any) -> Model:
    """The CPE log as the writer's model, from a plain DB-API connection."""
    rows = connection.execute(
        "SELECT a.activity, a.credits, COUNT(c.id) FROM cpe_activity a "
        "LEFT JOIN cpe_allocation c ON c.activity_id = a.id GROUP BY a.id"
    ).fetchall()
    return {title: [float(credits), float(count)] for title, credits, count in rows}


def main(argv: list[str]) -> int:
    path, seed = pathlib.Path(argv[1]), int(argv[2])
    rng = random.Random(seed)
    from PySide6.QtWidgets import QApplication

    from cso_planner.app import Planner
    from cso_planner.ui.screens import cpe as cpe_screen
    from cso_planner.ui.screens.cpe_dialog import CpeDialog

    app = QApplication.instance() or QApplication([])
    planner = Planner()  # what start-up does: the file's lock, then the window on it
    if not planner.open(path):
        return 1
    window: Any = planner.window
    window.show()
    app.processEvents()
    store = window.store
    failures: list[str] = []
    store.save_failed.connect(failures.append)
    undo_stack = window.undo_stack

    answer: dict[str, Any] = {}

    def filled_exec(dialog: CpeDialog) -> int:
        """What a person does in the form: type the activity and the credits, press OK."""
        if "activity" in answer:
            dialog.activity_edit.setText(answer["activity"])
        dialog.credits_edit.setText(answer["credits"])
        dialog._on_accepted()  # the form's own validation, then accept()
        return int(dialog.result())

    CpeDialog.exec = filled_exec  # type: ignore[method-assign, assignment]
    cpe_screen.confirm = lambda *args: True  # "Delete the CPE activity …?" → Delete

    window.show_screen("cpe")
    app.processEvents()
    screen: Any = window.screen_widget("cpe")
    with store.database.engine.connect() as connection:
        states: list[Model] = [read_model(connection.connection.driver_connection)]
    out = sys.stdout
    out.write(f"ready {model_json(states[0])}\n")
    out.flush()
    number = 0

    def pick_row() -> str | None:
        rows = screen.proxy.rowCount()
        if rows == 0:
            return None
        screen.table.selectRow(rng.randrange(rows))
        selected = screen.selected_rows()
        return selected[0].draft.activity if selected else None

    while True:
        number += 1
        current = states[undo_stack.index()]
        choice = rng.choices(["add", "edit", "delete", "undo", "redo"], [35, 20, 15, 20, 10])[0]
        if choice == "undo" and not undo_stack.canUndo():
            choice = "add"
        if choice == "redo" and not undo_stack.canRedo():
            choice = "add"
        if choice in ("edit", "delete") and screen.proxy.rowCount() == 0:
            choice = "add"
        intent: Model = dict(current)
        title: str | None = None
        if choice == "add":
            title = f"gui edit {seed}-{number}"
            credits = rng.randint(1, 40)
            answer.clear()
            answer.update(activity=title, credits=str(credits))
            intent[title] = [float(credits), 0.0]
        elif choice in ("edit", "delete"):
            title = pick_row()
            if title is None:
                continue
            if choice == "edit":
                credits = rng.randint(1, 40)
                answer.clear()
                answer.update(credits=str(credits))
                intent[title] = [float(credits), intent[title][1]]
            else:
                del intent[title]
        elif choice == "undo":
            intent = states[undo_stack.index() - 1]
        else:
            intent = states[undo_stack.index() + 1]
        out.write(f"intent {model_json(intent)}\n")
        out.flush()
        before_index, before_failures = undo_stack.index(), len(failures)
        if choice == "add":
            screen.add_button.click()
        elif choice == "edit":
            screen.edit_button.click()
        elif choice == "delete":
            screen.delete_button.click()
        elif choice == "undo":
            window.undo_action.trigger()
        else:
            window.redo_action.trigger()
        app.processEvents()
        if len(failures) > before_failures:
            out.write(f"failed {failures[-1]}\n")
            del states[undo_stack.index() + 1 :]
        elif choice in ("add", "edit", "delete") and undo_stack.index() == before_index + 1:
            del states[before_index + 1 :]
            states.append(intent)
        elif choice in ("undo", "redo") and undo_stack.index() != before_index:
            pass  # the model of that step is already in states
        elif choice != "edit":  # an edit to the same credits is no change at all
            out.write(f"failed {choice} did nothing\n")
        out.write(f"ack {model_json(states[undo_stack.index()])}\n")
        out.flush()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
