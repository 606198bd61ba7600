"""Where the user's data lives, resolved once and overridable with ``--db``."""

from __future__ import annotations

import errno
import os
import pathlib
import stat

DB_FILENAME = "cso-planner.sqlite3"
BACKUP_DIRNAME = "backups"


def default_data_dir() -> pathlib.Path:
    """The per-user data directory from platformdirs (e.g. ``~/.local/share/cso-planner``)."""
    import platformdirs  # local: keeps ``cso-planner --help`` light

    override = os.environ.get("CSO_PLANNER_DATA_DIR")
    if override:
        return pathlib.Path(override)
    return pathlib.Path(platformdirs.user_data_dir("cso-planner", appauthor=False))


def default_db_path() -> pathlib.Path:
    return default_data_dir() / DB_FILENAME


def display_path(path: pathlib.Path) -> str:
    """A path as a person reads it: ``~/…`` under the home folder, absolute otherwise."""
    try:
        inside = path.resolve().relative_to(pathlib.Path.home().resolve())
    except (ValueError, OSError, RuntimeError):
        return str(path)
    return str(pathlib.Path("~") / inside)


def backup_dir_for(db_path: pathlib.Path) -> pathlib.Path:
    """Backups sit beside the database so they move with it."""
    return db_path.parent / BACKUP_DIRNAME


def ensure_private_dir(path: pathlib.Path) -> None:
    """Create ``path`` (and parents) and make the leaf 0700 whatever the umask."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if stat.S_IMODE(os.stat(path).st_mode) != 0o700:
        os.chmod(path, 0o700)


def make_private(path: pathlib.Path) -> None:
    """Take group and other access away from an existing file (0644 becomes 0600).

    Only ever removes permissions: a file the person made read-only (0444) becomes 0400, never
    writable. Missing files are ignored (side files come and go), and so is a file this user
    may not change (another owner, a read-only disk): privacy is tightened where it can be.
    """
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except FileNotFoundError:
        pass
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EACCES, errno.EROFS):
            raise


def resource_dir() -> pathlib.Path:
    """The folder of icons, the desktop entry and the AppStream metainfo.

    An installed wheel (or bundle) has it inside the package as ``cso_planner/resources``
    (pyproject.toml maps the repository's top-level ``resources/`` there); a source checkout
    has it beside the package.

    Raises:
        FileNotFoundError: neither place holds the icons (a broken install).
    """
    package = pathlib.Path(__file__).resolve().parent
    for candidate in (package / "resources", package.parent / "resources"):
        if (candidate / "icons").is_dir():
            return candidate
    raise FileNotFoundError(f"the app's resources are missing (looked in {package})")


def side_files(db_path: pathlib.Path) -> list[pathlib.Path]:
    return [db_path.with_name(db_path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
