"""The benchmark's reports scenario, run tiny: the dashboard of the bench summit measured with
its query count (the same whatever the size), and its lines in the report."""

from __future__ import annotations

from bench import data, reports_scenario
from events.models import Event
from tests.bench.test_bench_data import generate
from tests.registrations.factories import RegistrationFactory


def test_the_dashboard_is_measured_with_the_same_queries_at_two_sizes(db: None) -> None:
    generate()
    small = reports_scenario.ReportFigures()
    reports_scenario.dashboard(small, iterations=2)
    summit = Event.objects.get(slug=data.SUMMIT_SLUG)
    for _ in range(40):
        RegistrationFactory.create(event=summit, status="approved")
    large = reports_scenario.ReportFigures()
    reports_scenario.dashboard(large, iterations=2)

    assert small.registrations < large.registrations
    assert small.dashboard_queries == large.dashboard_queries > 0
    assert large.dashboard_ms > 0


def test_the_report_lines_say_pass_or_fail_against_the_targets() -> None:
    figures = reports_scenario.ReportFigures(
        registrations=5000, dashboard_ms=120.0, dashboard_queries=17, funder_report_worker_s=2.5
    )

    dashboard, funder = reports_scenario.lines(figures)

    assert "5,000 registrations" in dashboard
    assert dashboard.endswith("**FAIL** |")
    assert funder.endswith("pass |")
