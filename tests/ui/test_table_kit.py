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
