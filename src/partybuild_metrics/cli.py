"""The ``partybuild-metrics`` command: parses arguments and calls the library.

Exit codes: 0 all good, 1 findings (rows quarantined), 2 usage or input error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import pandas as pd

from partybuild_metrics.dataset import Dataset, read_dataset
from partybuild_metrics.errors import InputError
from partybuild_metrics.synth import SAMPLE_SEED, write_sample

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def _print_validation(dataset: Dataset, *, lang: str) -> None:
    summary = dataset.summary.copy()
    summary["present"] = summary["present"].map({True: "yes", False: "not found"})
    print(summary.to_string(index=False))
    for note in dataset.notes:
        print(f"note: {note}")
    if dataset.ok:
        print("\nNothing quarantined. 全部接收。")
        return
    print(f"\nQuarantine 隔离 ({len(dataset.quarantine)} problem(s)):")
    text = "message_zh" if lang == "zh" else "message_en"
    for entry in dataset.quarantine.to_dict("records"):
        row = "whole file" if pd.isna(entry["row"]) else f"row {entry['row']}"
        print(f"{entry['file']}, {row}, column {entry['column']} [{entry['rule']}]: {entry[text]}")


def _validate(args: argparse.Namespace) -> int:
    dataset = read_dataset(args.path)
    _print_validation(dataset, lang=args.lang)
    if args.quarantine:
        dataset.quarantine.to_csv(args.quarantine, index=False, encoding="utf-8-sig")
        print(f"quarantine written to {args.quarantine}")
    return EXIT_OK if dataset.ok else EXIT_FINDINGS


def _generate_sample(args: argparse.Namespace) -> int:
    out = write_sample(args.out, seed=args.seed)
    print(f"sample county written to {out}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the command."""
    parser = argparse.ArgumentParser(
        prog="partybuild-metrics",
        description="Validate village records and compute party-building indicators.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate", help="read and validate records; print the summary and the quarantine"
    )
    validate.add_argument("path", help="a folder of CSV/Parquet/XLSX files, or one workbook")
    validate.add_argument("--lang", choices=["en", "zh"], default="en", help="language of messages")
    validate.add_argument(
        "--quarantine", metavar="CSV", help="also write the quarantine to this CSV"
    )
    validate.set_defaults(run=_validate)
    sample = commands.add_parser(
        "generate-sample", help="write the synthetic sample county (byte-identical for a seed)"
    )
    sample.add_argument("out", help="output folder, e.g. data/sample")
    sample.add_argument("--seed", type=int, default=SAMPLE_SEED)
    sample.set_defaults(run=_generate_sample)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    return code


if __name__ == "__main__":
    sys.exit(main())
