"""What is installed is what uv.lock says, and a pin edited without relocking is caught."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _uv() -> str:
    uv = shutil.which("uv")
    assert uv, "uv is installed by make install; run the tests through make test"
    return uv


def _locked_for_this_machine() -> dict[str, str]:
    """The lock as pip would read it, keeping only packages whose marker holds here."""
    exported = subprocess.run(
        [_uv(), "export", "--frozen", "--no-hashes", "--no-emit-project"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pins: dict[str, str] = {}
    for line in exported.splitlines():
        if not line or line.startswith(("#", " ", "-")):
            continue
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate():
            (pin,) = requirement.specifier
            pins[canonicalize_name(requirement.name)] = pin.version
    return pins


def test_every_locked_package_is_installed_at_its_locked_version() -> None:
    locked = _locked_for_this_machine()
    assert {"django", "django-allauth", "celery", "icalendar"} <= locked.keys()
    wrong = {}
    for name, pin in locked.items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = "missing"
        if installed != pin:
            wrong[name] = (pin, installed)
    assert wrong == {}


def test_lock_pins_the_stack_exactly_with_hashes() -> None:
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    by_name = {p["name"]: p for p in lock["package"]}
    for name in ("django", "django-allauth", "celery", "icalendar"):
        package = by_name[name]
        files = [*package.get("wheels", []), *([package["sdist"]] if "sdist" in package else [])]
        assert files, name
        assert all(f["hash"].startswith("sha256:") for f in files), name


def test_lock_check_passes_on_the_checked_in_files(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copy(ROOT / "uv.lock", tmp_path)
    result = subprocess.run(
        [_uv(), "lock", "--check", "--offline"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_lock_check_fails_when_a_pin_is_edited_without_relocking(tmp_path: Path) -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"Babel>=2.14"' in pyproject
    (tmp_path / "pyproject.toml").write_text(pyproject.replace('"Babel>=2.14"', '"Babel>=2.15"'))
    shutil.copy(ROOT / "uv.lock", tmp_path)
    result = subprocess.run(
        [_uv(), "lock", "--check", "--offline"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "needs to be updated" in result.stderr


@pytest.mark.parametrize(
    ("path", "install"),
    [
        ("Makefile", "$(UV) sync --locked"),
        ("Dockerfile", "uv sync --locked --no-dev"),
    ],
)
def test_installs_come_from_the_lock(path: str, install: str) -> None:
    text = (ROOT / path).read_text()
    assert install in text
    assert "pip install ." not in text
    assert "pip install -e" not in text
