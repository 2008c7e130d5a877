"""The ``partybuild-metrics`` command: parses arguments and calls the library.

Exit codes: 0 all good, 1 findings (rows quarantined), 2 usage or input error.
"""

from __future__ import annotations

import argparse
import html
import itertools
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from partybuild_metrics.claims.model import TABLE_SUFFIXES, YAML_SUFFIXES
from partybuild_metrics.errors import InputError, NoDataWarning
from partybuild_metrics.neutralise import csv_safe, for_terminal, print_safe
from partybuild_metrics.records.id_numbers import mask_id_numbers_in, mask_id_numbers_in_texts
from partybuild_metrics.rounding import MODES, check_decimals
from partybuild_metrics.spreadsheet import write_frame

if TYPE_CHECKING:
    from partybuild_metrics.indicators.table import IndicatorTable
    from partybuild_metrics.records.dataset import Dataset

# Each command imports what it needs when it runs: checking a report's text does not wait
# for the records' validation (pandera), the engine (Ibis) or matplotlib.

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def _print_validation(dataset: Dataset, *, lang: str) -> None:
    summary = dataset.summary.copy()
    summary["present"] = summary["present"].map({True: "yes", False: "not found"})
    for line in summary.to_string(index=False).splitlines():
        print_safe(line)
    for note in dataset.notes:
        print_safe(f"note: {shorten(note)}")
    if dataset.ok:
        print("\nNothing quarantined. 全部接收。")
        return
    print(f"\nQuarantine 隔离 ({len(dataset.quarantine)} problem(s)):")
    text = "message_zh" if lang == "zh" else "message_en"
    for entry in dataset.quarantine.to_dict("records"):
        row = "whole file" if pd.isna(entry["row"]) else f"row {entry['row']}"
        column = f", column {entry['column']}" if entry["column"] else ", whole row"
        print_safe(f"{entry['file']}, {row}{column} [{entry['rule']}]: {shorten(entry[text])}")


def _error_text(error: Exception) -> str:
    """An error's message as printed: its ID numbers masked (it may quote the records)."""
    return mask_id_numbers_in(str(error.args[0] if error.args else error))


def _decimals(text: str) -> int:
    """--decimals: a whole number from 0 to 10 (argparse says so if not)."""
    try:
        return check_decimals(int(text))
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error).replace("`decimals` ", "")) from None


def shorten(text: object, limit: int = 300) -> str:
    """A long text cut for a terminal line, saying how long it was (the CSV keeps it whole)."""
    value = str(text)
    if len(value) <= limit:
        return value
    return f"{value[:limit]}… ({len(value):,} characters)"


def _validate(args: argparse.Namespace) -> int:
    from partybuild_metrics.records.dataset import read_dataset

    dataset = read_dataset(args.path, show_id_numbers=args.show_id_numbers)
    _print_validation(dataset, lang=args.lang)
    if args.quarantine:
        csv_safe(dataset.quarantine).to_csv(args.quarantine, index=False, encoding="utf-8-sig")
        shown = args.quarantine if args.show_id_numbers else mask_id_numbers_in(args.quarantine)
        print_safe(f"quarantine written to {shown}")
    return EXIT_OK if dataset.ok else EXIT_FINDINGS


def _generate_national(args: argparse.Namespace) -> int:
    from partybuild_metrics.synth.national import SIZES, generate_national

    out = generate_national(
        args.out, seed=args.seed, shape=SIZES[args.size], progress=not args.quiet, scale=args.scale
    )
    print(f"national synthetic dataset written to {out}")
    return EXIT_OK


def _generate_sample(args: argparse.Namespace) -> int:
    from partybuild_metrics.synth.sample import SAMPLE_SEED, write_sample

    out = write_sample(args.out, seed=SAMPLE_SEED if args.seed is None else args.seed)
    print(f"sample county written to {out}")
    return EXIT_OK


def _param(text: str) -> tuple[str, object]:
    """'threshold=30000' → ('threshold', 30000); numbers become numbers."""
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"a parameter is NAME=VALUE, got '{text}'")
    name, value = text.split("=", 1)
    for cast in (int, float):
        try:
            return name, cast(value)
        except ValueError:
            continue
    return name, value


def write_table(
    table: IndicatorTable, fmt: str, out: str | None, rounding: str, decimals: int
) -> None:
    """Write an IndicatorTable as csv, xlsx, parquet or markdown, to a file or stdout.

    Beside the table's own columns: ``indicator_name`` (with its parameters) and
    ``shown`` (the value as a report prints it, — when missing). Text from the records
    never runs: CSV cells are neutralised, XLSX cells stored as text, markdown escaped.
    """
    shown = table.formatted(rounding=rounding, decimals=decimals)
    tidy = pd.DataFrame(table).assign(
        indicator_name=shown.iloc[:, 0].to_numpy(), shown=shown["数值"].to_numpy()
    )
    # a unit's name is what a clerk typed into 区划: an ID number in it is masked, as the
    # report masks it (categories: each distinct name looked at once)
    tidy["name"] = mask_id_numbers_in_texts(tidy["name"])
    shown["单位"] = mask_id_numbers_in_texts(shown["单位"])
    if fmt == "markdown":
        text = markdown_safe(shown).to_markdown(index=False)
    elif fmt == "csv":
        text = csv_safe(tidy).to_csv(index=False)
    elif out is None:
        raise InputError(f"--format {fmt} writes a binary file", hint="give -o FILE")
    elif fmt == "xlsx":
        write_frame(tidy, out, sheet_name="indicators")
        return
    else:
        tidy.to_parquet(out, index=False)
        return
    if out is None:
        for line in text.splitlines():
            print_safe(line)
    else:
        with open(out, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8") as file:
            file.write(text + "\n")


def markdown_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that render as themselves in markdown: no markup, no broken table."""

    def cell(value: object) -> object:
        if not isinstance(value, str):
            return value
        text = html.escape(for_terminal(value), quote=False)
        return text.replace("|", "\\|").replace("`", "\\`").replace("*", "\\*").replace("_", "\\_")

    return frame.map(cell)


def _table_format(args: argparse.Namespace) -> str:
    """The format asked for, or the one the output file's suffix names (out.csv: csv)."""
    if args.format:
        return str(args.format)
    suffix = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
    return suffix if suffix in ("csv", "xlsx", "parquet") else "markdown"


def _compute(args: argparse.Namespace) -> int:
    from partybuild_metrics.indicators import compute
    from partybuild_metrics.records.dataset import read_dataset

    dataset = read_dataset(args.path)
    if dataset.villages.empty:
        print_safe(
            f"error: no village row was accepted, so there is nothing to compute; see: "
            f"partybuild-metrics validate {mask_id_numbers_in(str(args.path))}",
            file=sys.stderr,
        )
        return EXIT_INPUT
    if not dataset.ok:
        print_safe(
            f"warning: {len(dataset.quarantine)} problem(s) quarantined; indicators use accepted rows "
            f"only (see: partybuild-metrics validate {mask_id_numbers_in(str(args.path))})",
            file=sys.stderr,
        )
    for note in dataset.notes:
        # a flag or date no file gave is blank in every row: what counts it counts nothing
        if "is absent; left empty" in note and "id_number is absent" not in note:
            print_safe(f"warning: {note}; indicators that use it count no row", file=sys.stderr)
    try:
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always", NoDataWarning)
            table = compute(
                dataset,
                args.indicator or None,
                level=args.level,
                years=args.year or None,
                **dict(args.param or []),
            )
    except (KeyError, ValueError) as error:
        print_safe(f"error: {_error_text(error)}", file=sys.stderr)
        return EXIT_INPUT
    for warning in said:
        if issubclass(warning.category, NoDataWarning):
            print_safe(f"warning: {warning.message}", file=sys.stderr)
        else:
            warnings.showwarning(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    write_table(table, _table_format(args), args.output, args.rounding, args.decimals)
    return EXIT_OK


_CLAIMS_SUFFIXES = (*YAML_SUFFIXES, *TABLE_SUFFIXES)


def _split_inputs(paths: list[str]) -> tuple[list[str], list[str], list[InputError]]:
    """Report texts (.txt, .html, .docx), claims files or folders, and a problem for each
    input that is neither (the others are still checked).

    A folder gives its reports (in name order) and its claims files; one with neither is
    refused.
    """
    from partybuild_metrics.claims.extract import SUFFIXES

    texts: list[str] = []
    claims: list[str] = []
    problems: list[InputError] = []
    for given in paths:
        suffix = Path(given).suffix.lower()
        try:
            if suffix in SUFFIXES:
                texts.append(given)
            elif Path(given).is_dir():
                reports, with_claims = _reports_in(given, also=_CLAIMS_SUFFIXES)
                texts += reports
                claims += [given] if with_claims else []
            elif suffix in _CLAIMS_SUFFIXES:
                claims.append(given)
            elif not Path(given).exists():
                raise InputError("no such file or folder", path=given)
            else:
                raise InputError(
                    f"'{suffix or '(no extension)'}' is neither a report's text nor a claims file",
                    path=given,
                    hint="give a report as .txt, .html or .docx (save .doc and .pdf as one of "
                    "these), or claims as .yaml, .csv, .xlsx or .parquet",
                )
        except InputError as error:
            problems.append(error)
        except OSError as error:  # a name too long, a loop of links, no permission
            problems.append(InputError(f"cannot be read ({error.strerror})", path=given))
    return texts, claims, problems


def _reports_in(folder: str, also: tuple[str, ...] = ()) -> tuple[list[str], bool]:
    """The reports (.txt, .html, .docx) of a folder, in name order, and whether it holds a
    file of the suffixes ``also``; a folder with neither is refused."""
    from partybuild_metrics.claims.extract import SUFFIXES

    inside = sorted(p for p in Path(folder).iterdir() if p.is_file())
    reports = [str(p) for p in inside if p.suffix.lower() in SUFFIXES]
    with_also = any(p.suffix.lower() in also for p in inside)
    if not reports and not with_also:
        wanted = f"reports ({', '.join(SUFFIXES)})" + (
            f" or claims files ({', '.join(also)})" if also else ""
        )
        raise InputError(f"holds no {wanted}", path=folder)
    return reports, with_also


def _write_pieces(pieces: Iterator[str], path: str | None, raw: bool = False) -> None:
    """Output text to a file as it is, or to the terminal with control characters from the
    claims shown as escapes, not run (line by line: the line breaks are the output's own);
    ``raw`` text has escaped them already."""
    if path:
        with open(path, "w", encoding="utf-8") as file:
            file.writelines(pieces)
        return
    for piece in pieces:
        sys.stdout.write(
            piece if raw else "\n".join(for_terminal(line) for line in piece.split("\n"))
        )
    sys.stdout.flush()


def _check(args: argparse.Namespace) -> int:
    """Check every sound claim and print the results; list every problem of the input on stderr.

    Reports' texts (.txt, .html, .docx) are read and their claims extracted first. Exit 2
    when any input had a problem (the sound claims are still checked and reported), else 1
    when a claim does not hold, else 0.
    """
    from partybuild_metrics.claims.check import failed, id_numbers_masked
    from partybuild_metrics.claims.entry import check_claims_leniently
    from partybuild_metrics.claims.render import json_pieces, junit_pieces, text_lines, to_text
    from partybuild_metrics.claims.text_report import (
        TextCheck,
        check_document,
        findings_text,
        highlighted_html,
    )

    text_paths, claim_paths, refused = _split_inputs(args.claims)
    dataset = None
    if args.data:
        from partybuild_metrics.records.dataset import read_dataset

        dataset = read_dataset(args.data)
    checks: list[TextCheck] = []
    problems: list[object] = list(refused)
    for path in text_paths:
        try:
            checks.append(check_document(path, rounding=args.rounding))
        except InputError as error:
            problems.append(error)
    from_files: pd.DataFrame | None = None  # the claims files' results, when any
    if claim_paths:
        results, claim_problems = check_claims_leniently(
            claim_paths, dataset, rounding=args.rounding
        )
        problems += claim_problems
        from_files = id_numbers_masked(results) if len(results) else None
    if dataset is not None and checks:
        print("note: claims extracted from text name no indicator, so --data verifies none of them",
              file=sys.stderr)  # fmt: skip
    # a report's text had its ID numbers masked as it was read
    frames = [
        *([from_files] if from_files is not None else []),
        *(check.results for check in checks if len(check.results)),
    ]
    combined = pd.concat(frames, ignore_index=True) if frames else None
    if combined is not None:
        for column in ("line", "offset"):  # where a claim from text is; none for claims files
            if column in combined:
                values = combined[column].astype(object)
                combined[column] = values.where(values.notna(), None)
    if args.format == "html":
        output = highlighted_html(checks, args.lang) if checks else None
        if combined is not None and claim_paths:
            print("note: --format html shows reports' texts; claims files are listed with --format text",
                  file=sys.stderr)  # fmt: skip
    elif args.format == "text" and checks:
        output = findings_text(checks, args.lang)
        if from_files is not None:
            output = to_text(from_files, args.lang) + "\n" + output
    elif combined is not None:
        # a million claims are written as they are rendered, a few thousand at a time
        output = None
        if args.format == "junit":
            _write_pieces(itertools.chain(junit_pieces(combined), ["\n"]), args.output)
        elif args.format == "text":
            _write_pieces((line + "\n" for line in text_lines(combined, args.lang)), args.output)
        else:  # JSON escapes every character a terminal would act on: written as it is
            _write_pieces(itertools.chain(json_pieces(combined), ["\n"]), args.output, raw=True)
    else:
        output = None
    if output is None and combined is None and not problems:
        print("no checkable claims found", file=sys.stderr)
    if output is not None:
        _write_pieces(iter([output + ("" if output.endswith("\n") else "\n")]), args.output)
    for problem in problems[:1000]:
        print_safe(f"error: {mask_id_numbers_in(str(problem))}", file=sys.stderr)
    if len(problems) > 1000:
        print(f"error: … and {len(problems) - 1000} more problems", file=sys.stderr)
    if problems:
        print(
            f"{len(problems)} problem(s) in the input; the other claims were checked",
            file=sys.stderr,
        )
        return EXIT_INPUT
    return EXIT_FINDINGS if combined is not None and failed(combined).any() else EXIT_OK


def _extract(args: argparse.Namespace) -> int:
    """Write the claims of each report's text as a claims file (YAML)."""
    from partybuild_metrics.claims.extract import read_document
    from partybuild_metrics.claims.extract.build import extract
    from partybuild_metrics.claims.extract.write import claims_yaml
    from partybuild_metrics.claims.model import Source

    out = Path(args.output) if args.output else None
    files = [
        report
        for given in args.files
        for report in (_reports_in(given)[0] if Path(given).is_dir() else [given])
    ]
    several = len(files) > 1 or any(Path(given).is_dir() for given in args.files)
    if out is not None and several and out.suffix.lower() in (".yaml", ".yml"):
        raise InputError(
            f"{len(files)} inputs cannot share one file",
            path=str(out),
            hint="give a folder: -o DIR/ (one claims file per input)",
        )
    to_folder = out is not None and (several or args.output.endswith(("/", "\\")) or out.is_dir())
    if to_folder:
        assert out is not None
        out.mkdir(parents=True, exist_ok=True)
    problems = 0
    documents = []
    written: set[Path] = set()
    for given in files:
        try:
            document = read_document(given)
        except InputError as error:
            print_safe(f"error: {mask_id_numbers_in(str(error))}", file=sys.stderr)
            problems += 1
            continue
        shown = Path(document.name)  # its ID numbers masked, as the text's
        lines = [line.strip() for line in document.text.splitlines() if line.strip()]
        source = Source(id=shown.stem, title=lines[0][:120] if lines else "", document=shown.name)
        claims = [item.claim for item in extract(document.text, source, file=document.name)]
        text = claims_yaml(source, claims)
        if to_folder:
            assert out is not None
            target, copy = out / f"{Path(given).stem}.yaml", 1
            while target in written:  # a/r.txt and b/r.txt: r.yaml and r-2.yaml
                copy += 1
                target = out / f"{Path(given).stem}-{copy}.yaml"
            written.add(target)
            target.write_text(text, encoding="utf-8")
            print_safe(
                f"{shown}: {len(claims)} claim(s) written to {mask_id_numbers_in(str(target))}"
            )
        elif out is not None:
            out.write_text(text, encoding="utf-8")
            print_safe(f"{shown}: {len(claims)} claim(s) written to {mask_id_numbers_in(str(out))}")
        else:
            documents.append(text)
    if documents:
        print("---\n".join(documents), end="")
    return EXIT_INPUT if problems else EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from partybuild_metrics.records.dataset import read_dataset
    from partybuild_metrics.report import build_report

    dataset = read_dataset(args.path)
    try:
        report = build_report(
            dataset, args.year, level=args.level, code=args.code, claims=args.claims,
            rounding=args.rounding, decimals=args.decimals,
        )  # fmt: skip
    except (KeyError, ValueError) as error:
        print_safe(f"error: {_error_text(error)}", file=sys.stderr)
        return EXIT_INPUT
    written = report.write(args.output)
    print_safe(shorten(report.title))
    print_safe(f"written: {written['html']}, {written['xlsx']} and {len(report.charts)} figure(s) in "
          f"{Path(args.output) / 'figures'}")  # fmt: skip
    quarantined = len(dataset.quarantine)
    if quarantined:
        print(f"data quality: {quarantined} problem(s) quarantined; see the 数据质量 section")
    if report.claims:
        print(
            f"published figures: {len(report.claims.rows)} checked, "
            f"{report.claims_failed} not holding"
        )
    findings = bool(quarantined or report.claims_failed)
    return EXIT_FINDINGS if findings and args.fail_on_findings else EXIT_OK


def _indicators(args: argparse.Namespace) -> int:
    from partybuild_metrics.indicators import catalogue, catalogue_markdown
    from partybuild_metrics.indicators.catalogue import refresh_readme

    if args.write_readme:
        changed = refresh_readme(args.write_readme)
        print(f"{args.write_readme}: {'catalogue updated' if changed else 'already up to date'}")
    elif args.format == "markdown":
        print(catalogue_markdown())
    else:
        print(catalogue().to_csv(index=False), end="")
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
    validate.add_argument(
        "--show-id-numbers",
        action="store_true",
        help="show ID numbers in full (they are masked as 210283********123X otherwise); "
        "for the clerk who must correct a row",
    )
    validate.set_defaults(run=_validate)
    comp = commands.add_parser("compute", help="compute indicators by level and year")
    comp.add_argument("path", help="records: a folder of files, or one workbook")
    comp.add_argument(
        "--level",
        default="county",
        choices=["province", "city", "county", "township", "village", "all"],
    )
    comp.add_argument("--year", type=int, action="append", help="a year (repeat for more)")
    comp.add_argument("--indicator", action="append", help="an indicator id (repeat); default all")
    comp.add_argument(
        "--param", type=_param, action="append", metavar="NAME=VALUE", help="e.g. threshold=30000"
    )
    comp.add_argument(
        "--format",
        choices=["csv", "xlsx", "parquet", "markdown"],
        help="default: from the output file's suffix (.csv, .xlsx, .parquet), else markdown",
    )
    comp.add_argument("-o", "--output", help="output file (stdout for csv and markdown)")
    comp.add_argument("--rounding", choices=list(MODES), default="half_up")
    comp.add_argument("--decimals", type=_decimals, default=1)
    comp.set_defaults(run=_compute)
    check = commands.add_parser(
        "check",
        help="check published figures: a report's text (.txt, .html, .docx), YAML claims files, "
        "or CSV/XLSX/Parquet claims tables",
    )
    check.add_argument(
        "claims",
        nargs="+",
        help="reports (.txt, .html, .docx), claims files (.yaml, .csv, .xlsx, .parquet) "
        "or folders of them",
    )
    check.add_argument("--data", help="records to verify claims that name an indicator")
    check.add_argument("--rounding", choices=list(MODES), default="half_up")
    check.add_argument(
        "--format", choices=["text", "json", "junit", "html"], default="text",
        help="html: the report's text with each checked figure highlighted",
    )  # fmt: skip
    check.add_argument("--lang", choices=["en", "zh"], default="en")
    check.add_argument("-o", "--output", help="write to a file instead of stdout")
    check.set_defaults(run=_check)
    extract = commands.add_parser(
        "extract", help="find the checkable claims in reports' texts and write them as claims YAML"
    )
    extract.add_argument(
        "files",
        nargs="+",
        help="reports: .txt (any common encoding), .html, .docx, or folders of them",
    )
    extract.add_argument(
        "-o",
        "--output",
        help="a .yaml file for one input, a folder (DIR/) for several; default stdout",
    )
    extract.set_defaults(run=_extract)
    report = commands.add_parser(
        "report", help="write the annual report: report.html, report.xlsx and figures/"
    )
    report.add_argument("path", help="records: a folder of files, or one workbook")
    report.add_argument("--year", type=int, required=True)
    report.add_argument(
        "--level", default="county", choices=["province", "city", "county", "township"],
        help="the level of the unit the report is about (default county)",
    )  # fmt: skip
    report.add_argument("--code", help="the unit's division code, when the records hold several")
    report.add_argument("--claims", action="append", help="claims files or folders (repeat)")
    report.add_argument("--rounding", choices=list(MODES), default="half_up")
    report.add_argument("--decimals", type=_decimals, default=1)
    report.add_argument("-o", "--output", required=True, help="output folder")
    report.add_argument(
        "--fail-on-findings", action="store_true",
        help="exit 1 when rows were quarantined or a published figure does not hold",
    )  # fmt: skip
    report.set_defaults(run=_report)
    listing = commands.add_parser("indicators", help="list the registered indicators")
    listing.add_argument("--format", choices=["markdown", "csv"], default="markdown")
    listing.add_argument(
        "--write-readme", metavar="README", help="rewrite the catalogue in this file"
    )
    listing.set_defaults(run=_indicators)
    sample = commands.add_parser(
        "generate-sample", help="write the synthetic sample county (byte-identical for a seed)"
    )
    sample.add_argument("out", help="output folder, e.g. data/sample")
    sample.add_argument(
        "--seed", type=int, help="default: the seed the bundled sample was made with"
    )
    sample.set_defaults(run=_generate_sample)
    national = commands.add_parser(
        "generate-national",
        help="write a synthetic national dataset (~500k villages, ~30M households) as Parquet",
    )
    national.add_argument("out", help="output folder")
    national.add_argument("--seed", type=int, default=2020)
    national.add_argument("--size", choices=["national", "small"], default="national")
    national.add_argument(
        "--scale",
        type=int,
        default=1,
        help="multiply the villages, and so every table (4: ~120M households, ~10M members)",
    )
    national.add_argument("--quiet", action="store_true", help="no progress bar")
    national.set_defaults(run=_generate_national)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "output", None) == "-" and args.run in (_compute, _check, _extract):
        args.output = None  # "-o -": standard output, as the default
    try:
        code: int = args.run(args)
    except InputError as error:
        first, *more = mask_id_numbers_in(str(error)).splitlines() or [""]
        print_safe(f"error: {shorten(first)}", file=sys.stderr)
        for line in more[:1000]:  # a claims table's problems, one a line
            print_safe(f"  {shorten(line)}", file=sys.stderr)
        return EXIT_INPUT
    except MemoryError:
        print("error: the input needs more memory than this machine has", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:  # the output was piped into `head`, which stopped reading
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaces stdout for the exit flush
        return EXIT_OK
    except OSError as error:  # an output that cannot be written: a folder missing, no permission
        where = f"{error.filename}: " if error.filename else ""
        print_safe(f"error: {where}cannot be written ({error.strerror or error})", file=sys.stderr)
        return EXIT_INPUT
    return code


if __name__ == "__main__":
    sys.exit(main())
