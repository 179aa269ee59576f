"""Which files one `mtedit correct` run post-edits, and where each one's output and edit log go.

One input file: its output is `-o` (default `./STEM.fixed.EXT`). Several files, or a folder (searched
recursively for drafts): each output goes under `--out-dir` (default: the current folder), keeping the
path below the folder it was found in. In a batch a `.txt` draft `NAME.en.txt` takes `NAME.es.txt` beside
it as its Spanish source (or the file of the same relative path under `--source-dir`); `*.es.txt` files
are sources, never drafts, and mtedit's own outputs (`*.fixed.*`, `*.log.jsonl`) are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mtedit.errors import InputError

FORMAT_SUFFIX = {"txt": ".txt", "jsonl": ".jsonl", "tsv": ".tsv", "xliff": ".xlf"}


def _format_by_suffix() -> dict[str, str]:
    """The readers' suffix table (`.sdlxliff` -> xliff); imported on use, as `mtedit.io` loads every reader."""
    from mtedit.io import SUFFIXES

    return SUFFIXES


@dataclass(frozen=True)
class FileJob:
    """One draft file of a run: where it is, its Spanish source (a .txt draft's), and where results go."""

    input: Path
    source: Path | None
    output: Path
    log: Path


def output_name(input_path: Path, fmt: str) -> str:
    """`story.en.txt` -> `story.en.fixed.txt`; an XLIFF written as XLIFF keeps its suffix (`.sdlxliff` stays)."""
    suffix = FORMAT_SUFFIX[fmt]
    if fmt == "xliff" and input_path.suffix.lower() in (".xliff", ".sdlxliff"):
        suffix = input_path.suffix
    return f"{input_path.stem}.fixed{suffix}"


def default_output(input_path: Path, fmt: str) -> Path:
    """`story.en.txt` -> `./story.en.fixed.txt`, in the current folder (never beside a read-only archive); an
    XLIFF written in its own format keeps its suffix (`.sdlxliff` stays `.sdlxliff` for the tool that made it)."""
    return Path.cwd() / output_name(input_path, fmt)


def log_path_for(output: Path) -> Path:
    return output.with_name(output.stem + ".log.jsonl")


def _is_draft(path: Path, source_lang: str) -> bool:
    name = path.name.lower()
    if path.suffix.lower() not in _format_by_suffix() or ".fixed." in name or name.endswith(".log.jsonl"):
        return False
    return not name.endswith(f".{source_lang}.txt")


def _expand(inputs: list[Path], source_lang: str) -> list[tuple[Path, Path]]:
    """(file, folder it is relative to) for every draft: files as given, folders searched recursively."""
    found: list[tuple[Path, Path]] = []
    for path in inputs:
        if path.is_dir():
            drafts = sorted(p for p in path.rglob("*") if p.is_file() and _is_draft(p, source_lang))
            if not drafts:
                raise InputError(f"{path}: no drafts in this folder ({', '.join(_format_by_suffix())})")
            found += [(p, path) for p in drafts]
        elif path.exists():
            found.append((path, path.parent))
        else:
            raise InputError(f"{path}: no such file or folder; check the path")
    return found


def _paired_source(draft: Path, base: Path, source_dir: Path | None, langs: tuple[str, str]) -> Path | None:
    """The Spanish of a .txt draft in a batch: under --source-dir, or NAME.es.txt beside NAME.en.txt."""
    if _format_by_suffix().get(draft.suffix.lower()) != "txt":
        return None
    if source_dir is not None:
        candidate = source_dir / draft.relative_to(base)
        if not candidate.exists():
            raise InputError(f"{draft}: no source {candidate} in --source-dir; add it or leave --source-dir out")
        return candidate
    source_lang, target_lang = langs
    tail = f".{target_lang}{draft.suffix}"
    if draft.name.lower().endswith(tail):
        candidate = draft.with_name(draft.name[: -len(tail)] + f".{source_lang}{draft.suffix}")
        return candidate if candidate.exists() else None
    return None


def plan(inputs: list[Path], *, output: Path | None, log: Path | None, source: Path | None,
         out_dir: Path | None, source_dir: Path | None, fmt: str | None,
         langs: tuple[str, str] = ("es", "en")) -> list[FileJob]:
    """The files of one run in order; refuses options that only make sense for one file, and clashing outputs."""
    if len(inputs) == 1 and not inputs[0].is_dir():
        if out_dir is not None or source_dir is not None:
            raise InputError("--out-dir and --source-dir are for several inputs or a folder; use -o and --source")
        if output is not None:
            from mtedit.commands.outputs import refuse_folder

            refuse_folder(output, "output")
        out = output or default_output(inputs[0], fmt or _format_guess(inputs[0]))
        return [FileJob(inputs[0], source, out, log or log_path_for(out))]
    for flag, value in (("-o", output), ("--log", log), ("--source", source)):
        if value is not None:
            raise InputError(f"{flag} is for one input file; with several use --out-dir (and --source-dir)")
    target = out_dir or Path.cwd()
    jobs, seen = [], {}
    for draft, base in _expand(inputs, langs[0]):
        out = target / draft.relative_to(base).parent / output_name(draft, fmt or _format_guess(draft))
        if out in seen:
            raise InputError(f"{draft} and {seen[out]} would both write {out}; give them apart or use folders")
        seen[out] = draft
        jobs.append(FileJob(draft, _paired_source(draft, base, source_dir, langs), out, log_path_for(out)))
    return jobs


def _format_guess(path: Path) -> str:
    from mtedit.io import format_of

    try:
        return format_of(path, None)
    except InputError:
        return "txt"  # read_document says what is wrong with the file itself
