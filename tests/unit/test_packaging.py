"""The wheel a person installs: what it carries, and that the app runs from it.

The wheel is built from a clean copy of the tracked files (a stale ``build/`` folder in the
checkout could otherwise smuggle files in), unpacked as an installer would, and the app is
imported from there in a process whose path holds no source tree.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import tomllib
import zipfile
from xml.etree import ElementTree

import pytest

import cso_planner
from cso_planner import APP_ID, __version__

ROOT = pathlib.Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"


def _tracked_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    return [name for name in listed.decode().split("\0") if name]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    source = tmp_path_factory.mktemp("source")
    for name in _tracked_files():
        src = ROOT / name
        if src.is_file():
            dest = source / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source), "-w", str(out)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (built,) = out.glob("*.whl")
    return built


def test_listed_packages_are_every_package_of_the_source() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "cso_planner").rglob("__init__.py")
    }
    assert set(config["packages"]) == found | {"cso_planner.resources"}
    assert config["package-dir"] == {"cso_planner.resources": "resources"}


def test_the_wheel_carries_the_app_and_nothing_else(wheel: pathlib.Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    outside = [n for n in names if not n.startswith(("cso_planner/", "cso_planner-"))]
    assert outside == []
    data = {n for n in names if n.startswith("cso_planner/") and not n.endswith(".py")}
    icons = {f"cso_planner/resources/icons/{p.name}" for p in (RESOURCES / "icons").glob("*.svg")}
    assert icons and icons <= data
    assert {
        "cso_planner/data/catalog.json",
        f"cso_planner/resources/{APP_ID}.desktop",
        f"cso_planner/resources/{APP_ID}.metainfo.xml",
        "cso_planner/py.typed",
    } <= data
    others = data - icons - {n for n in data if n.startswith("cso_planner/db/migrations/")}
    assert others == {
        "cso_planner/data/catalog.json",
        f"cso_planner/resources/{APP_ID}.desktop",
        f"cso_planner/resources/{APP_ID}.metainfo.xml",
        "cso_planner/py.typed",
    }
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[console_scripts]\ncso-planner = cso_planner.cli:main" in text
    assert "[gui_scripts]\ncso-planner-gui = cso_planner.cli:gui_main" in text
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA")))
    assert b"License-Expression: MIT" in metadata


RUN_FROM_WHEEL = """
import pathlib, sys
import cso_planner
from cso_planner.paths import resource_dir
from PySide6.QtWidgets import QApplication
app = QApplication([])
from cso_planner.ui.icons import icon, icon_names
names = icon_names()
assert len(names) > 20, names
for name in names:
    assert not icon(name).pixmap(24, 24).isNull(), name
print(cso_planner.__file__)
print(resource_dir())
"""


def test_every_icon_loads_from_the_installed_wheel(
    wheel: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    installed = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(installed)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(installed), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", RUN_FROM_WHEEL],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    module, resources = result.stdout.split()
    assert pathlib.Path(module).is_relative_to(installed)
    assert pathlib.Path(resources) == installed / "cso_planner" / "resources"


def test_metainfo_names_this_release_and_the_launcher() -> None:
    tree = ElementTree.parse(RESOURCES / f"{APP_ID}.metainfo.xml")
    root = tree.getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"  # type: ignore[union-attr]
    releases = [r.get("version") for r in root.iter("release")]
    assert releases[0] == __version__
    captions = [c.text for c in root.iter("caption")]
    assert len(captions) >= 3 and all(captions)
    assert root.find("content_rating").get("type") == "oars-1.1"  # type: ignore[union-attr]
    assert root.findtext("project_license") == "MIT"


def test_source_tree_has_no_resources_inside_the_package() -> None:
    # The product's layout: resources/ at the top of the repository, mapped into the wheel.
    assert not (pathlib.Path(cso_planner.__file__).parent / "resources").exists()
    assert (RESOURCES / "icons" / "app.svg").is_file()
