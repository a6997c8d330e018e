"""Benchmarks: `make bench` prints each figure with its median over several runs."""
