"""One bot per database: `deskreview run` holds a lock beside the database file.

`deskreview restore` refuses while the lock is held, so a running bot never has its database
swapped under it. The lock is released by the operating system when the process ends, even
after a crash, so a stale lock cannot block a restart.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class AlreadyRunning(Exception):
    """Another process holds the database's lock."""


def lock_path(database: Path) -> Path:
    database = Path(database)
    return database.with_name(database.name + ".lock")


@contextmanager
def hold(database: Path) -> Iterator[Path]:
    """Hold the lock for as long as the block runs; AlreadyRunning when another has it."""
    path = lock_path(database)
    if not path.parent.exists():
        raise AlreadyRunning(f"the folder for the database does not exist: {path.parent}")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise AlreadyRunning(
            f"deskreview is already running on {database} (it holds {path}); stop it first"
        ) from None
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield path
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def is_held(database: Path) -> bool:
    path = lock_path(database)
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False
