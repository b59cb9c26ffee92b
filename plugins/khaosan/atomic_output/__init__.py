"""Build into a staging folder and swap it in only when the build succeeds.

A failed build (bad content, a template error) must leave the last good output/ exactly as it was.
Because the swap replaces the whole output folder, the folder is checked first: one that is or holds the
content, the theme, the project or the folder the command runs in is refused (Pelican's own check only
protects the content folder, and the swap would bypass it). Two builds into the same folder take turns
through a lock beside it. An output folder that is a symbolic link (deploy setups use them) is written
through: the folder the link points to is replaced, the link stays.
"""
from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import shutil
import sys
import time
import weakref
from pathlib import Path

from khaosan.content_model.problems import ContentError, one_line, report_logger

logger = logging.getLogger(__name__)

STAGING_SUFFIX = ".building"
RETIRED_SUFFIX = ".previous"
JOURNAL_SUFFIX = ".swapping"
MOVES_SUFFIX = ".moving"
# An incremental build's (moves, deletes), from build_cache: swap_in moves those files instead of the folder.
MOVES_KEY = "KHAOSAN_MOVES"
LOCK_SUFFIX = ".lock"
PROJECT_ROOT = Path(__file__).resolve().parents[3]
LOCK_KEY = "_khaosan_output_lock"


class OutputError(ContentError):
    """The output folder cannot be used; the message says why and what to do (no traceback)."""


def refuse(message: str) -> None:
    try:
        report_logger().error("%s", one_line(message))
    except RuntimeError:
        pass  # Pelican's --fatal raises after the record is written
    raise OutputError(message)


def final_path(pelican) -> str:
    """Where the site goes; through a symbolic link, the folder it points to."""
    return os.path.realpath(os.path.abspath(pelican.settings["OUTPUT_PATH"]))


def settings_folder() -> str | None:
    """The folder of the settings file the pelican command was given (-s/--settings), if any."""
    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg in ("-s", "--settings") and i + 1 < len(args):
            return os.path.dirname(os.path.abspath(args[i + 1]))
        if arg.startswith("--settings="):
            return os.path.dirname(os.path.abspath(arg.split("=", 1)[1]))
    return None


def protected_folders(pelican) -> list[tuple[str, str]]:
    folders = [("content folder", pelican.settings["PATH"]), ("theme", pelican.settings["THEME"]),
               ("project folder", str(PROJECT_ROOT)), ("folder the command runs in", os.getcwd())]
    if settings_folder():
        folders.append(("settings file's folder", settings_folder()))
    return [(name, os.path.realpath(path)) for name, path in folders if path]


def inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def check_output_folder(pelican) -> None:
    """Refuse an output folder whose replacement would delete the content, the theme or the project."""
    final = final_path(pelican)
    shown = pelican.settings["OUTPUT_PATH"]
    for name, folder in protected_folders(pelican):
        if inside(folder, final):
            refuse(f"{shown}: output folder: is or contains the {name} ({folder}), which every build would delete;"
                   " build into a folder of its own, e.g. -o output")
        if name in ("content folder", "theme") and inside(final, folder):
            refuse(f"{shown}: output folder: is inside the {name} ({folder}), so the site would be read back as"
                   " content or theme files; build into a folder outside it, e.g. -o output")
    if os.path.lexists(final) and not os.path.isdir(final):
        refuse(f"{shown}: output folder: is a file, not a folder; remove it or choose another output folder")


def take_lock(pelican, final: str) -> None:
    """One build at a time per output folder: the second waits OUTPUT_LOCK_WAIT seconds, then stops."""
    if getattr(pelican, LOCK_KEY, None) is not None:
        return  # the dev server rebuilds with the same Pelican; it already holds the lock
    lock_path = final + LOCK_SUFFIX
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        refuse(f"{lock_path}: output lock: cannot be created ({e.strerror}); check that the output folder's parent is writable")
    wait = pelican.settings["OUTPUT_LOCK_WAIT"]
    deadline = time.monotonic() + wait
    announced = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                os.close(fd)
                raise
        if time.monotonic() >= deadline:
            os.close(fd)
            refuse(f"{pelican.settings['OUTPUT_PATH']}: output folder: another build is writing it (it holds {lock_path});"
                   f" waited {wait} s; nothing was built and the output was left as it was; wait for the other build"
                   " (make serve or another make site) to finish, then build again")
        if not announced:
            # Not a warning: builds run with --fatal warnings, and waiting is not a fault.
            sys.stderr.write(f"another build is writing {final}; waiting up to {wait} s for it to finish\n")
            announced = True
        time.sleep(0.2)
    setattr(pelican, LOCK_KEY, fd)
    # A build that fails halfway gives the lock back when its Pelican goes away (or the process ends).
    weakref.finalize(pelican, _close_quietly, fd)


def release_lock(pelican) -> None:
    fd = getattr(pelican, LOCK_KEY, None)
    if fd is not None:
        setattr(pelican, LOCK_KEY, None)
        _close_quietly(fd)


def _close_quietly(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass


def lock_output(pelican) -> str:
    """Check the output folder, wait for its lock and finish a swap a killed build left halfway."""
    check_output_folder(pelican)
    final = final_path(pelican)
    os.makedirs(os.path.dirname(final), exist_ok=True)
    take_lock(pelican, final)
    recover(final)
    return final


def recover(final: str) -> None:
    """A build killed between the two renames of its swap left no output/: the journal says the staging
    folder was complete, so the move is finished; without it, the retired output goes back. A build killed
    while moving its changed files in (`move_in`) has them moved by the next one, from its journal."""
    journal, staging, retired = final + JOURNAL_SUFFIX, final + STAGING_SUFFIX, final + RETIRED_SUFFIX
    moving = final + MOVES_SUFFIX
    if os.path.exists(moving):
        with open(moving, encoding="utf-8") as fh:
            plan = json.load(fh)
        _apply_moves(final, staging, plan["moves"], plan["deletes"])
        os.remove(moving)
        logger.warning("finished moving the last build's changed files into %s (it was stopped halfway)", final)
    if os.path.exists(journal):
        if not os.path.exists(final) and os.path.isdir(staging):
            os.rename(staging, final)
            logger.warning("finished moving the last build into %s (it was stopped halfway)", final)
        elif not os.path.exists(final) and os.path.isdir(retired):
            os.rename(retired, final)
        os.remove(journal)
    elif not os.path.exists(final) and os.path.isdir(retired):
        os.rename(retired, final)
        logger.warning("put the last good output back into %s (a build was stopped while swapping)", final)
    shutil.rmtree(retired, ignore_errors=True)


def start_staging(pelican):
    final = lock_output(pelican)
    staging = final + STAGING_SUFFIX
    # A staging folder left by a crashed build holds nothing worth keeping.
    shutil.rmtree(staging, ignore_errors=True)
    if os.path.isdir(final):
        # Copying lets Pelican's own options that keep files in output/ (OUTPUT_RETENTION) still work.
        for name in pelican.settings.get("OUTPUT_RETENTION", []):
            src = os.path.join(final, name)
            if os.path.exists(src):
                dst = os.path.join(staging, name)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                (shutil.copytree if os.path.isdir(src) else shutil.copy2)(src, dst)
    os.makedirs(staging, exist_ok=True)
    pelican.output_path = staging


def _apply_moves(final: str, staging: str, moves: list[str], deletes: list[str]) -> None:
    """Idempotent, so that a build killed halfway is finished by the next one from the same journal."""
    for rel in deletes:
        path = os.path.join(final, rel)
        if os.path.isfile(path) or os.path.islink(path):
            os.remove(path)
        _remove_empty_parents(final, os.path.dirname(path))
    for rel in moves:
        source, target = os.path.join(staging, rel), os.path.join(final, rel)
        if not os.path.lexists(source):
            continue  # moved before the build was stopped
        parent = os.path.dirname(target)
        if os.path.isfile(parent):
            os.remove(parent)  # a file where this build has a folder
        os.makedirs(parent, exist_ok=True)
        if os.path.isdir(target) and not os.path.islink(target):
            shutil.rmtree(target)  # a folder where this build has a file
        os.replace(source, target)


def _remove_empty_parents(final: str, folder: str) -> None:
    while inside(folder, final) and folder != final:
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = os.path.dirname(folder)


def move_in(pelican, moves: list[str], deletes: list[str]) -> None:
    """An incremental build's way in: only the files that changed are moved from staging into output/
    (each move is a rename: a page is never seen half-written) and the files of pages that are gone are
    deleted, after a journal of both is on disk, so a build killed halfway is finished by the next one."""
    final = final_path(pelican)
    staging = pelican.output_path
    moving = final + MOVES_SUFFIX
    with open(moving, "w", encoding="utf-8") as fh:
        json.dump({"moves": moves, "deletes": deletes}, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    _apply_moves(final, staging, moves, deletes)
    os.remove(moving)
    shutil.rmtree(staging, ignore_errors=True)
    pelican.output_path = final
    logger.debug("moved %d changed files into %s, deleted %d", len(moves), final, len(deletes))


def swap_in(pelican):
    final = final_path(pelican)
    staging = pelican.output_path
    if os.path.abspath(staging) == final:
        release_lock(pelican)
        return
    plan = pelican.settings.pop(MOVES_KEY, None)
    if plan is not None:
        move_in(pelican, *plan)
        release_lock(pelican)
        return
    retired = final + RETIRED_SUFFIX
    journal = final + JOURNAL_SUFFIX
    shutil.rmtree(retired, ignore_errors=True)
    # The journal says the staging folder is complete: a build killed between the renames is finished by
    # the next one (`recover`).
    with open(journal, "w", encoding="ascii") as fh:
        fh.write("swapping\n")
        fh.flush()
        os.fsync(fh.fileno())
    if os.path.exists(final):
        os.rename(final, retired)
    os.rename(staging, final)
    os.remove(journal)
    shutil.rmtree(retired, ignore_errors=True)
    pelican.output_path = final
    release_lock(pelican)
    logger.debug("swapped the new build into %s", final)
