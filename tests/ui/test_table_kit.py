"""The ledger tables' flat filtering proxy: right rows, selection kept, a valid Qt model."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QItemSelectionModel, Qt

from cso_planner.ui.screens.table_kit import ColumnSpec, RowFilterProxy, RowTableModel


@dataclasses.dataclass(frozen=True)
class Row:
    name: str
    amount: float


WORDS = ["webinar cloud", "web app", "workshop", "cloud summit", "webcast"] * 20
ROWS = [Row(f"{word} {n}", float(n % 7)) for n, word in enumerate(WORDS)]


def _proxy() -> tuple[RowTableModel[Row], RowFilterProxy]:
    model: RowTableModel[Row] = RowTableModel(
        [ColumnSpec("Name", lambda r: r.name),
         ColumnSpec("Amount", lambda r: f"{r.amount:g}", sort_key=lambda r: r.amount,
                    numeric=True)],
        search_text=lambda r: r.name,
    )  # fmt: skip
    model.set_rows(ROWS)
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    return model, proxy


def _shown(proxy: RowFilterProxy) -> list[str]:
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def _expected(search: str) -> list[str]:
    words = search.casefold().split()
    return [r.name for r in ROWS if all(w in r.name.casefold() for w in words)]


def test_typing_key_by_key_matches_a_full_search(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    _model, proxy = _proxy()
    for typed in ("w", "we", "web", "web ", "web c", "web cl", "web c", "we", "", "cloud"):
        proxy.set_search(typed)
        assert _shown(proxy) == _expected(typed), typed
    qtmodeltester.check(proxy)


def test_predicate_and_search_together(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    _model, proxy = _proxy()
    proxy.set_search("web")
    proxy.set_predicate(lambda r: r.amount >= 3)
    assert _shown(proxy) == [n for n in _expected("web") if dict((r.name, r.amount)
                             for r in ROWS)[n] >= 3]  # fmt: skip
    proxy.set_search("webi")
    assert all("webi" in n for n in _shown(proxy)) and _shown(proxy)
    proxy.set_predicate(None)
    assert _shown(proxy) == _expected("webi")
    qtmodeltester.check(proxy)


def test_sorting_keeps_the_filter_and_the_selection(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model, proxy = _proxy()
    selection = QItemSelectionModel(proxy)
    proxy.set_search("cloud")
    target = proxy.index(3, 0)
    name = target.data()
    selection.setCurrentIndex(target, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    assert sorted(_shown(proxy)) == sorted(_expected("cloud"))
    amounts = [proxy.index(r, 1).data(Qt.ItemDataRole.DisplayRole) for r in range(proxy.rowCount())]
    assert amounts == sorted(amounts, key=float, reverse=True)
    assert selection.currentIndex().data() == name
    proxy.set_search("cloud summit")
    assert selection.currentIndex().data() in (name, None)
    proxy.set_search("")
    assert proxy.rowCount() == model.rowCount()
    qtmodeltester.check(proxy)


def test_selection_of_a_row_filtered_out_is_dropped() -> None:
    _model, proxy = _proxy()
    selection = QItemSelectionModel(proxy)
    first = proxy.index(1, 0)  # "web app 1"
    selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    proxy.set_search("workshop")
    assert not selection.currentIndex().isValid() or "workshop" in selection.currentIndex().data()
    assert proxy.row_of(0).name.startswith("workshop")
    assert [r.name for r in proxy.visible_rows()] == _expected("workshop")


@dataclasses.dataclass(frozen=True)
class Entry:
    id: int
    name: str
    amount: float


def _entries() -> tuple[RowTableModel[Entry], RowFilterProxy, list[Entry]]:
    model: RowTableModel[Entry] = RowTableModel(
        [ColumnSpec("Name", lambda r: r.name),
         ColumnSpec("Amount", lambda r: f"{r.amount:g}", sort_key=lambda r: r.amount,
                    numeric=True)],
        search_text=lambda r: r.name,
    )  # fmt: skip
    rows = [Entry(n, f"{word} {n}", float(n % 7)) for n, word in enumerate(WORDS)]
    model.set_rows(rows)
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    return model, proxy, rows


def test_reloaded_rows_are_applied_in_place_with_the_selection_kept(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model, proxy, rows = _entries()
    model.sort(1, Qt.SortOrder.AscendingOrder)
    proxy.set_search("cloud")
    selection = QItemSelectionModel(proxy)
    target = next(r for r in range(proxy.rowCount()) if proxy.row_of(r).id == 3)
    selection.select(proxy.index(target, 0), QItemSelectionModel.SelectionFlag.Rows
                     | QItemSelectionModel.SelectionFlag.Select)  # fmt: skip
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    kept = model.row_list()[5]

    # Row 3 edited (still "cloud", now the largest amount), row 0 deleted, row 100 added,
    # and row 1 renamed so that it matches the search: the same as a fresh model shows.
    edited = [r for r in rows if r.id != 0]
    edited = [dataclasses.replace(r, amount=99.0) if r.id == 3 else r for r in edited]
    edited = [dataclasses.replace(r, name="cloud app 1") if r.id == 1 else r for r in edited]
    edited.append(Entry(100, "cloud summit 100", 2.0))
    assert model.set_rows(edited) is False
    assert resets == []
    fresh, fresh_proxy, _ = _entries()
    fresh.set_rows(edited)
    fresh.sort(1, Qt.SortOrder.AscendingOrder)
    fresh_proxy.set_search("cloud")
    assert _shown(proxy) == _shown(fresh_proxy)
    assert [model.row_at(n) for n in range(model.rowCount())] == fresh.row_list()
    assert kept in model.row_list() and any(r is kept for r in model.row_list())  # unchanged
    (chosen,) = {i.row() for i in selection.selectedIndexes()}
    assert proxy.row_of(chosen) == Entry(3, "cloud summit 3", 99.0)
    qtmodeltester.check(proxy)

    proxy.set_search("cloud summit 1")  # the search text of the new row is known
    assert "cloud summit 100" in _shown(proxy)
    assert model.set_rows(list(edited)) is False  # nothing changed: nothing happens
    assert model.set_rows([]) is True  # emptied: a reset (the screen shows its empty state)


def test_search_texts_are_worked_out_while_idle_after_a_load(qtbot) -> None:  # type: ignore[no-untyped-def]
    from cso_planner.ui.screens import table_kit

    asked: list[int] = []

    def text(row: Entry) -> str:
        asked.append(row.id)
        return row.name

    model: RowTableModel[Entry] = RowTableModel([ColumnSpec("Name", lambda r: r.name)], text)
    rows = [
        Entry(n, f"{WORDS[n % len(WORDS)]} {n}", 0.0)
        for n in range(table_kit.SEARCH_TEXT_CHUNK * 3)
    ]
    model.set_rows(rows)
    assert len(asked) < len(rows)  # not on the load's path
    model.sort(0, Qt.SortOrder.DescendingOrder)  # a sort in the middle of the idle work
    qtbot.waitUntil(lambda: len(asked) == len(rows), timeout=5000)
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("summit")
    assert len(asked) == len(rows)  # the first key built nothing more
    assert sorted(proxy.row_of(r).id for r in range(proxy.rowCount())) == [
        r.id for r in rows if "summit" in r.name
    ]


def test_rows_edited_in_place_are_replaced_where_they_are(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model, proxy, _ = _entries()
    model.sort(1, Qt.SortOrder.AscendingOrder)
    proxy.set_search("cloud")
    shown = model.row_list()
    selection = QItemSelectionModel(proxy)
    target = next(r for r in range(proxy.rowCount()) if proxy.row_of(r).id == 3)
    selection.select(proxy.index(target, 0), QItemSelectionModel.SelectionFlag.Rows
                     | QItemSelectionModel.SelectionFlag.Select)  # fmt: skip
    layouts: list[bool] = []
    model.layoutChanged.connect(lambda: layouts.append(True))
    # Renames that keep the sort key (the amount): row 3 still matches "cloud", row 8 now
    # does not, row 6 now does; the others are the same objects, read again.
    renamed = {3: "cloud summit three", 8: "web app eight", 6: "cloud workshop six"}
    edited = [dataclasses.replace(r, name=renamed[r.id]) if r.id in renamed else r for r in shown]
    assert model.set_rows(edited) is False and layouts == [True]
    assert model.row_list() == edited  # each where it was
    assert all(a is b for a, b in zip(model.row_list(), edited, strict=True))
    fresh, fresh_proxy, _ = _entries()
    fresh.set_rows(edited)
    fresh.sort(1, Qt.SortOrder.AscendingOrder)
    fresh_proxy.set_search("cloud")
    assert _shown(proxy) == _shown(fresh_proxy)
    assert "cloud workshop six" in _shown(proxy) and "web app eight" not in _shown(proxy)
    (chosen,) = {i.row() for i in selection.selectedIndexes()}
    assert proxy.row_of(chosen).name == "cloud summit three"
    proxy.set_search("three")  # the replaced row's search text is the new one
    assert _shown(proxy) == ["cloud summit three"]
    qtmodeltester.check(proxy)
    # A new sort key moves the row: applied as before (sorted again).
    moved = [dataclasses.replace(r, amount=99.0) if r.id == 3 else r for r in model.row_list()]
    assert model.set_rows(moved) is False
    assert model.row_list()[-1].id == 3
