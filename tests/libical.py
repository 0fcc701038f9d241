"""libical's reading of our calendars: parse errors and its iTIP restriction check (RFC 5546
for a file with a METHOD, RFC 5545's component rules for one without).

libical comes from Debian (gir1.2-ical-3.0 with python3-gi), which installs its bindings for the
system Python only, not for the venv: a small script runs under /usr/bin/python3 and reports
every X-LIC-ERROR libical attached while parsing and checking. Without it a test skips on a
laptop and fails in CI (.ci/run installs it).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.services import need

SYSTEM_PYTHON = "/usr/bin/python3"

CHECK = r"""
import json, sys
import gi
gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib

ERROR = ICalGLib.PropertyKind.XLICERROR_PROPERTY
ANY = ICalGLib.ComponentKind.ANY_COMPONENT

def errors(component):
    found = []
    prop = component.get_first_property(ERROR)
    while prop is not None:
        found.append(prop.get_value_as_string())
        prop = component.get_next_property(ERROR)
    child = component.get_first_component(ANY)
    while child is not None:
        found += errors(child)
        child = component.get_next_component(ANY)
    return found

results = []
for text in json.load(sys.stdin):
    component = ICalGLib.Parser.parse_string(text)
    if component is None:
        results.append({"passed": False, "errors": ["libical could not parse the file"]})
        continue
    passed = bool(ICalGLib.restriction_check(component))
    results.append({"passed": passed, "errors": errors(component)})
print(json.dumps(results))
"""

PROBE = 'import gi; gi.require_version("ICalGLib", "3.0"); from gi.repository import ICalGLib'


def libical_available() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    probe = subprocess.run([SYSTEM_PYTHON, "-c", PROBE], capture_output=True, check=False)
    return probe.returncode == 0


def itip_errors(*calendars: str) -> list[list[str]]:
    """For each calendar text, libical's errors: [] when it parses cleanly and passes the check."""
    need(libical_available(), "needs libical: apt-get install gir1.2-ical-3.0 python3-gi")
    run = subprocess.run(
        [SYSTEM_PYTHON, "-c", CHECK],
        input=json.dumps(list(calendars)),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    results = json.loads(run.stdout)
    return [
        result["errors"] or ([] if result["passed"] else ["restriction check failed"])
        for result in results
    ]
