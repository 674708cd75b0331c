"""Output files (derive/files.py, and -o / --plot through the CLI): what is replaced, what is
written through, what is refused, and that nothing is left behind."""
import os
import signal
import stat
import subprocess
import sys

import pytest

from derive import files
from derive.files import Interrupted, ReadOnly, atomic_write


def write_text(text):
    return lambda fh: fh.write(text)


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name)


@pytest.fixture(params=["O_TMPFILE", "named temporary"])
def kind(request, monkeypatch):
    """Every test runs with a nameless temporary file and with the fallback of a named one."""
    if request.param == "named temporary":
        monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    elif not hasattr(os, "O_TMPFILE"):
        pytest.skip("no O_TMPFILE here")
    return request.param


# (mode before, mode after): the mode of the file replaced is kept
MODES = [(0o600, 0o600), (0o640, 0o640), (0o644, 0o644), (0o755, 0o755), (0o604, 0o604)]


@pytest.mark.parametrize("before,after", MODES, ids=[oct(m) for m, _ in MODES])
def test_a_regular_file_is_replaced_keeping_its_mode(tmp_path, kind, before, after):
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(before)
    atomic_write(target, write_text("new"))
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == after
    assert leftovers(tmp_path) == []


def test_a_new_file_gets_the_umask_mode(tmp_path, kind):
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "new.txt", write_text("x"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another owner")
def test_the_owner_is_kept_where_the_process_may(tmp_path, kind):
    target = tmp_path / "theirs.txt"
    target.write_text("old")
    os.chown(target, 1234, 5678)
    atomic_write(target, write_text("new"))
    assert (target.stat().st_uid, target.stat().st_gid) == (1234, 5678)


def test_a_symlink_is_written_through_to_its_target(tmp_path, kind):
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to("real.txt")
    atomic_write(link, write_text("new"))
    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert real.read_text() == "new"


def test_a_dangling_symlink_creates_its_target(tmp_path, kind):
    link = tmp_path / "link.txt"
    link.symlink_to("made.txt")
    atomic_write(link, write_text("new"))
    assert link.is_symlink() and (tmp_path / "made.txt").read_text() == "new"


def test_a_hard_link_keeps_sharing_the_new_content(tmp_path, kind):
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text("old old old")
    os.link(one, two)
    atomic_write(one, write_text("new"))
    assert two.read_text() == "new" and one.stat().st_ino == two.stat().st_ino


def test_a_read_only_file_is_refused_even_for_root(tmp_path, kind):
    target = tmp_path / "ro.txt"
    target.write_text("keep")
    target.chmod(0o444)
    with pytest.raises(ReadOnly):
        atomic_write(target, write_text("new"))
    assert target.read_text() == "keep"


@pytest.mark.parametrize("device", ["/dev/null"])
def test_a_device_is_written_not_replaced(kind, device):
    before = os.stat(device)
    atomic_write(device, write_text("into the void"))
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_device_is_an_error_not_a_replacement():
    with pytest.raises(OSError) as err:
        atomic_write("/dev/full", write_text("x" * 100000))
    assert "No space" in (err.value.strerror or "")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_fifo_is_written_directly(tmp_path, kind):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    atomic_write(fifo, write_text("through the pipe"))
    assert reader.communicate(timeout=30)[0] == b"through the pipe"
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_name_of_250_characters_works(tmp_path, kind):
    target = tmp_path / ("n" * 246 + ".txt")
    atomic_write(target, write_text("long"))
    assert target.read_text() == "long"
    atomic_write(target, write_text("again"))  # and replacing it too
    assert target.read_text() == "again" and leftovers(tmp_path) == []


def test_a_directory_is_refused(tmp_path, kind):
    with pytest.raises(IsADirectoryError):
        atomic_write(tmp_path, write_text("x"))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_while_writing_leaves_nothing_behind(tmp_path, kind, signum):
    target = tmp_path / "out.tex"
    target.write_text("old")

    def write(fh):
        fh.write("half")
        fh.flush()
        os.kill(os.getpid(), signum)
        fh.write(" the rest")

    with pytest.raises(Interrupted) as err:
        atomic_write(target, write)
    assert err.value.signum == signum
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.tex"]
    assert signal.getsignal(signal.SIGTERM) is not None  # handlers restored (not left as ours)


def test_an_error_while_writing_leaves_the_old_file(tmp_path, kind):
    target = tmp_path / "out.txt"
    target.write_text("old")

    def write(fh):
        fh.write("half")
        raise ValueError("printer broke")

    with pytest.raises(ValueError):
        atomic_write(target, write)
    assert target.read_text() == "old" and leftovers(tmp_path) == []


def test_a_killed_runs_temporary_file_is_cleaned_by_the_next_run(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f".derive-{dead}-0123abcd.tmp"
    stale.write_text("complete but never renamed")
    other = tmp_path / ".derive-notes.tmp"  # not one of ours: kept
    other.write_text("x")
    atomic_write(tmp_path / "out.txt", write_text("new"))
    assert not stale.exists() and other.exists()


def test_cleanup_removes_live_temporary_names(tmp_path, monkeypatch):
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    seen = []

    def write(fh):
        seen.extend(files._live)
        files.cleanup()  # what the watchdog does before it ends the process
        fh.write("x")

    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "out.txt", write)
    assert seen and leftovers(tmp_path) == []


# --- through the command line -------------------------------------------------------------------

def test_cli_keeps_a_private_file_private(cli, tmp_path):
    target = tmp_path / "notes.md"
    target.write_text("old")
    target.chmod(0o600)
    code, out, err = cli("x^2", "-o", str(target))
    assert code == 0 and err == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_text().startswith("#")


# (how -o is given, expected exit code, words in the one-line error)
CLI_REFUSALS = [
    ("read-only", 2, "read-only"),
    ("read-only/out.txt", 2, "File exists"),  # a missing folder is made (issue 15): not under a file
    ("a-folder", 2, "is a directory"),
    ("/dev/full", 1, "No space left on device"),
]


@pytest.mark.parametrize("name,code,words", CLI_REFUSALS, ids=[c[0] for c in CLI_REFUSALS])
def test_cli_refuses_with_one_line(cli, tmp_path, name, code, words):
    (tmp_path / "read-only").write_text("keep")
    (tmp_path / "read-only").chmod(0o444)
    (tmp_path / "a-folder").mkdir()
    target = name if name.startswith("/") else str(tmp_path / name)
    if name.startswith("/") and not os.path.exists(name):
        pytest.skip(f"no {name}")
    got, out, err = cli("x^2", "-f", "text", "-o", target)
    assert got == code and out == ""
    assert err.startswith(f"derive: error: cannot write {target}") and words in err and err.count("\n") == 1
    assert (tmp_path / "read-only").read_text() == "keep"


def test_cli_writes_to_dev_stdout_without_format(tmp_path):
    done = subprocess.run([sys.executable, "-m", "derive", "x^2", "-o", "/dev/stdout"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == ""
    assert "2⋅x" in done.stdout


def test_cli_writes_to_dev_null(cli):
    code, out, err = cli("x^2", "-o", "/dev/null")
    assert (code, out, err) == (0, "", "")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may create files in any folder")
def test_a_writable_file_in_a_locked_folder_is_written_in_place(tmp_path, kind):
    target = tmp_path / "out.txt"
    target.write_text("old")
    tmp_path.chmod(0o555)
    try:
        atomic_write(target, write_text("new"))
        assert target.read_text() == "new"
        with pytest.raises(PermissionError):
            atomic_write(tmp_path / "new.txt", write_text("x"))
    finally:
        tmp_path.chmod(0o755)


def test_no_temporary_file_falls_back_to_writing_in_place(tmp_path, monkeypatch):
    """What a non-root user meets in a folder they may not add to (simulated for root)."""
    target = tmp_path / "out.txt"
    target.write_text("old")

    def refused(folder):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(files, "_temporary", refused)
    atomic_write(target, write_text("new"))
    assert target.read_text() == "new"
    with pytest.raises(PermissionError):
        atomic_write(tmp_path / "new.txt", write_text("x"))


def test_dev_stdout_redirected_to_a_file_adds_to_it(tmp_path):
    """derive -o /dev/stdout >> log: the log is added to, not replaced (same inode, old lines kept)."""
    log = tmp_path / "log.txt"
    log.write_text("earlier line\n")
    inode = log.stat().st_ino
    with open(log, "a") as out:
        done = subprocess.run([sys.executable, "-m", "derive", "x^2", "-o", "/dev/stdout"], stdout=out,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == ""
    text = log.read_text()
    assert text.startswith("earlier line\n") and "2⋅x" in text and log.stat().st_ino == inode
