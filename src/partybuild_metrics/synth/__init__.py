"""Seeded synthetic records: the sample county and national-scale data for benchmarks."""
