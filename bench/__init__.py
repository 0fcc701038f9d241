"""Benchmarks of Summit at real summit scale (issue #6): the data generator (bench_data), the
settings and URLs the benchmark serves, and the runner that writes docs/PERFORMANCE.md."""
