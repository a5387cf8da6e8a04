"""Synthetic data at scale and a benchmark of the case pages (see bench/README.md)."""
