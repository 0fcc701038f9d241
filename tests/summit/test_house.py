"""The house stays easy to walk (issue #19): no module of ours passes 400 lines."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 400
# Not ours, generated, or build output.
SKIPPED = {".venv", "node_modules", "var", "vendor", "migrations", "locale", "locale_thirdparty"}
KINDS = {".py", ".html", ".txt", ".js", ".css", ".sh"}


def _our_files() -> list[Path]:
    found = []
    for folder, subfolders, names in os.walk(ROOT):
        subfolders[:] = [
            name
            for name in subfolders
            if name not in SKIPPED and not name.startswith(".") and not name.endswith("egg-info")
        ]
        found += [Path(folder, name) for name in names if Path(name).suffix in KINDS]
    return found


def test_no_file_passes_400_lines() -> None:
    files = _our_files()
    assert len(files) > 300  # the walk found the code
    too_long = {
        str(path.relative_to(ROOT)): n
        for path in files
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert too_long == {}
