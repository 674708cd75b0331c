"""Output files that respect what they replace.

* An existing regular file is replaced atomically -- the new content is written beside it
  and renamed over it -- keeping its mode, and its owner and group where the process may
  set them.  Where the system allows (Linux: ``O_TMPFILE``) the new content is written to a
  file without a name, given one only when complete, so a crash or ``kill -9`` leaves
  nothing behind; elsewhere it is a short hidden name, removed on SIGTERM, SIGINT and
  SIGHUP, and by the next run in that folder if the process was killed outright.
* A symbolic link is written through: its target is replaced, the link stays.
* A file with several hard links is written in place, so that every name sees the new text;
  so is a writable file in a folder the process may not create files in.
* A read-only file is refused (:class:`ReadOnly`), even where the process could write it
  anyway (root).
* Anything that is not a regular file -- ``/dev/stdout``, ``/dev/null``, a FIFO, a
  terminal -- is written directly, never replaced; so is a regular file named through
  ``/dev/`` or ``/proc/`` (``-o /dev/stdout >> log`` adds to the log).

Every failure is an :class:`OSError` whose message names the problem; the caller adds the
file's name.
"""
from __future__ import annotations

import errno
import os
import re
import secrets
import signal
import stat
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

TEMP = re.compile(r"\.derive-(\d+)-[0-9a-f]{8}\.tmp\Z")  # short: a 255-byte name must still work
SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, n))
_live: set = set()  # temporary names that exist right now (removed on a signal or by cleanup())


class ReadOnly(PermissionError):
    """The target exists and has no write permission: it is not overwritten."""


class Interrupted(BaseException):
    """A signal (SIGTERM, SIGINT, SIGHUP) arrived while a file was written; nothing was left
    behind.  ``signum`` says which."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def atomic_write(path: Path, write: Callable, binary: bool = False) -> None:
    """``write(fh)`` produces the content of ``path`` (see the module's docstring for how
    each kind of target is treated).  New files get 0666 less the umask."""
    try:
        info = os.stat(path)  # through symbolic links
    except FileNotFoundError:
        info = None
    with _signals_interrupt():
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory")
        if info is not None and (not stat.S_ISREG(info.st_mode) or is_descriptor(path)):
            return _direct(Path(path), write, binary, truncate=False)
        target = Path(os.path.realpath(path))  # the file a symbolic link names (also a dangling one's)
        if info is not None and not (info.st_mode & 0o222 and os.access(target, os.W_OK)):
            raise ReadOnly(errno.EACCES, "the file is read-only (remove it or make it writable first)")
        if info is not None and info.st_nlink > 1:
            return _direct(target, write, binary, truncate=True)
        try:
            _replace(target, write, binary, info)
        except _NoTemporary as exc:  # a writable file in a folder we may not add to: written in place
            if info is None:
                raise exc.__cause__ from None
            _direct(target, write, binary, truncate=True)


def is_descriptor(path) -> bool:
    """/dev/stdout, /dev/fd/N, /proc/self/fd/N: an open file of this process by another name.
    When it is a regular file (derive -o /dev/stdout >> log), it is added to, never replaced."""
    return os.path.abspath(path).startswith(("/dev/", "/proc/"))


def cleanup() -> None:
    """Remove the temporary files this process has made and not yet renamed (a watchdog
    calls this before it ends the process)."""
    for name in list(_live):
        _unlink(name)


def _direct(target: Path, write: Callable, binary: bool, truncate: bool) -> None:
    """Write into the file itself (a device, a FIFO, a file with several names)."""
    flags = os.O_WRONLY | (os.O_TRUNC if truncate else os.O_APPEND)  # appending: a no-op for a device
    fd = os.open(target, flags)
    with _open(fd, binary) as fh:
        write(fh)


def _replace(target: Path, write: Callable, binary: bool, info) -> None:
    folder = target.parent
    _clean_stale(folder)
    try:
        fd, name = _temporary(folder)
    except PermissionError as exc:
        raise _NoTemporary(folder) from exc
    try:
        if info is not None:
            _keep_owner_and_mode(fd, info)
        else:
            os.fchmod(fd, 0o666 & ~_umask())
        with _open(fd, binary, close=False) as fh:
            write(fh)
            fh.flush()
            os.fsync(fd)
        if name is None:  # O_TMPFILE: give the complete file a name now
            name = _link(fd, folder)
        os.replace(name, target)
        _live.discard(name)
        name = None
    finally:
        os.close(fd)
        if name is not None:
            _unlink(name)


class _NoTemporary(Exception):
    """No temporary file can be made beside the target (the folder is not writable)."""


def _temporary(folder: Path) -> tuple[int, str | None]:
    """An open file in ``folder``: nameless (O_TMPFILE) where possible, else a short hidden
    name (registered in ``_live`` until it is renamed or removed)."""
    if hasattr(os, "O_TMPFILE"):
        try:
            return os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o600), None
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
                raise
    while True:
        name = str(folder / f".derive-{os.getpid()}-{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        _live.add(name)
        return fd, name


def _link(fd: int, folder: Path) -> str:
    """A name for the nameless file ``fd`` (through /proc: linkat with AT_EMPTY_PATH needs a
    privilege).  The name lives only until the rename that follows."""
    here = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        while True:
            name = f".derive-{os.getpid()}-{secrets.token_hex(4)}.tmp"
            _live.add(str(folder / name))
            try:  # a directory descriptor makes Python call linkat (AT_SYMLINK_FOLLOW), not link
                os.link(f"/proc/self/fd/{fd}", name, dst_dir_fd=here, follow_symlinks=True)
                return str(folder / name)
            except FileExistsError:
                _live.discard(str(folder / name))
    finally:
        os.close(here)


def _keep_owner_and_mode(fd: int, info) -> None:
    try:
        os.fchown(fd, info.st_uid, info.st_gid)
    except (PermissionError, AttributeError):
        pass  # only root may give a file away; the mode is still kept (fchmod after fchown)
    os.fchmod(fd, stat.S_IMODE(info.st_mode))


def _clean_stale(folder: Path) -> None:
    """Temporary files of derive runs that were killed outright (their process is gone)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        found = TEMP.match(entry.name)
        if found and int(found.group(1)) != os.getpid() and not _alive(int(found.group(1))):
            _unlink(entry.path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _unlink(name: str) -> None:
    try:
        os.unlink(name)
    except FileNotFoundError:
        pass
    _live.discard(name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _open(fd: int, binary: bool, close: bool = True):
    return os.fdopen(fd, "wb" if binary else "w", closefd=close, **({} if binary else {"encoding": "utf-8"}))


@contextmanager
def _signals_interrupt():
    """While a file is written, SIGTERM, SIGINT and SIGHUP raise :class:`Interrupted` (so the
    ``finally`` clauses remove the temporary file) instead of ending the process on the spot.
    Handlers can only be set in the main thread; elsewhere the signals keep theirs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise Interrupted(signum)

    previous = {s: signal.signal(s, interrupt) for s in SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
