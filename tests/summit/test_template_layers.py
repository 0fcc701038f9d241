"""Templates follow the import layers too (issue #19): an app's templates name only URLs and
templates of its own app or of apps below it. The import linter cannot see `{% url 'app:…' %}`
or `{% include "app/…" %}`; this test reads them. Upper apps reach a lower page through a link
hook (summit/links.py). The project's own templates (base.html, error pages, allauth's pages,
the mails of every app in emails/) sit above every app, like summit/urls.py."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAMES = re.compile(r"""{%\s*url\s+['"](\w+):|{%\s*(?:include|extends)\s+['"](\w+)/""")
# Template folders that are the project's, not an app's.
PROJECT = {"account", "allauth", "emails"}


def layer_of() -> dict[str, int]:
    """App → its layer's index, 0 the lowest, from pyproject's layers contract."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    layers = list(reversed(contract["layers"]))
    return {app.strip(): i for i, layer in enumerate(layers) for app in layer.split("|")}


def app_templates() -> list[tuple[str, Path]]:
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        parts = path.relative_to(ROOT / "templates").parts
        if len(parts) > 1 and parts[0] not in PROJECT:
            found.append((parts[0], path))
    for path in sorted(ROOT.glob("*/templates/**/*.html")):
        app = path.relative_to(ROOT).parts[0]
        if app not in ("templates", ".venv", "node_modules"):
            found.append((app, path))
    return found


def upward_names(layers: dict[str, int], templates: list[tuple[str, str, str]]) -> list[str]:
    """`templates`: (app, name, text) each; the upward names found, as "name names app"."""
    upward = []
    for app, name, text in templates:
        for match in NAMES.finditer(text):
            named = match[1] or match[2]
            if named in layers and layers[named] > layers[app]:
                upward.append(f"{name} names {named}")
    return upward


def test_every_template_folder_belongs_to_an_app_of_the_layers() -> None:
    layers = layer_of()
    assert {app for app, _ in app_templates()} <= set(layers)


def test_no_template_names_an_app_above_its_own() -> None:
    templates = [(app, str(p.relative_to(ROOT)), p.read_text()) for app, p in app_templates()]
    assert upward_names(layer_of(), templates) == []


def test_the_check_sees_upward_names_and_lets_downward_ones_pass() -> None:
    text = (
        "{% url 'checkin:my_badge' 1 %} {% include \"sessions_app/_agenda.html\" %}"
        " {% url 'events:home' %} {% extends 'base.html' %} {% include 'outbox/x.html' %}"
    )
    found = upward_names(layer_of(), [("events", "e.html", text), ("checkin", "c.html", text)])
    assert found == ["e.html names checkin", "e.html names sessions_app", "e.html names outbox"]
