"""`summarize batch` in-process with a fake LLM at the transport: bad inputs, resume, summary cells."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from summarizer.ask import prompts
from summarizer.batch import manifest
from summarizer.batch.command import BatchRun, batch
from summarizer.batch.inputs import InputItem, Shard, collect, parse_shard
from summarizer.batch.outputs import output_name
from summarizer.batch.runner import BatchConfig, run_batch
from summarizer.errors import InputError, SummarizerError
from summarizer.llm.client import LLM
from summarizer.llm.presets import resolve_provider
from summarizer.pipeline import NOT_A_REPORT, Options
from tests.corpus import CORPUS, SEED_NAMES
from tests.fakes import TextReadingTransport

RECIPE = (
    "番茄炒蛋的做法：先把鸡蛋打散，加少许盐。锅中倒油烧热，倒入蛋液炒至凝固盛出。再炒番茄，加糖，最后放回鸡蛋翻炒均匀即可出锅。\n"
    * 5
)


def make_config(source: Path, out: Path, cache: Path, fake: TextReadingTransport, **kw) -> BatchConfig:
    provider = resolve_provider("vllm", model="fake", base_url="http://127.0.0.1:9/v1")
    options = Options(provider=provider, cache_dir=cache, max_retries=kw.pop("max_retries", 1))
    return BatchConfig(
        source,
        out,
        options,
        jobs=kw.pop("jobs", 2),
        llm_factory=lambda: LLM(provider, cache, transport=fake),
        **kw,
    )


def copy_seeds(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in SEED_NAMES:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def bad_inputs(folder: Path) -> dict[str, str]:
    """Each kind of bad input, and the reason the batch must give for it."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.pdf").write_bytes(
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n\x00\x00\x01"
    )
    (folder / "mangled.txt").write_bytes("教育局工作总结".encode() + b"\xff\xfe\x80\xff" * 20)
    (folder / "recipe.txt").write_text(RECIPE, encoding="utf-8")
    (folder / "attachments").mkdir()
    return {
        "empty.txt": EMPTY_REASON,
        "scan.pdf": TRUNCATED_PDF_REASON,
        "mangled.txt": UNDECODABLE_REASON,
        "recipe.txt": NOT_A_REPORT,
        "attachments": DIRECTORY_REASON,
    }


EMPTY_REASON = "file is empty"
TRUNCATED_PDF_REASON = "PDF is truncated or damaged (no end-of-file marker): download it again"
UNDECODABLE_REASON = "cannot decode as UTF-8, GB18030 or Big5 (first bad byte at offset 21)"
DIRECTORY_REASON = "is a directory, not a report file (use `summarize batch` for folders)"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def read_csv(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return {Path(row["file"]).name: row for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory):
    """One batch over the five seeds mixed with every kind of bad input."""
    tmp = tmp_path_factory.mktemp("mixed")
    folder = copy_seeds(tmp / "reports")
    expected = bad_inputs(folder)
    fake = TextReadingTransport()
    config = make_config(folder, tmp / "out", tmp / "cache", fake)
    result = run_batch(config)
    return tmp, config, fake, result, expected


def test_good_reports_succeed_and_each_bad_input_is_listed_with_its_reason(mixed_run):
    tmp, _, fake, result, expected = mixed_run
    out = tmp / "out"
    assert result.count("done") == 5 and result.count("failed") == 5 and not result.interrupted
    failures = {Path(f["file"]).name: f for f in read_jsonl(out / "failures.jsonl")}
    assert {name: f["reason"] for name, f in failures.items()} == expected
    assert {f["kind"] for f in failures.values()} == {"input"}
    outputs = sorted(p.name for p in out.glob("*.json"))
    assert len(outputs) == 5 and all(
        name.startswith(("000_", "001_", "002_", "003_", "004_")) for name in outputs
    )
    for path in out.glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # complete, valid JSON
    assert len(read_jsonl(out / "summary.jsonl")) == 5
    assert result.usage.llm_calls == len(fake.requests) > 0


def test_summary_csv_holds_the_seed_figures_in_base_units(mixed_run):
    tmp, *_ = mixed_run
    rows = read_csv(tmp / "out" / "summary.csv")
    assert set(rows) == set(SEED_NAMES)
    xinglong = rows["000_3212bd501dfd8a03.txt"]
    assert xinglong["county"] == "兴隆县"
    assert xinglong["report_year"] == "2023"
    assert xinglong["teachers.special_post_teachers"] == "85"
    assert xinglong["teachers.free_normal_students"] == "35"
    assert xinglong["student_aid.total_amount_yuan"] == "15439800"
    assert xinglong["infrastructure.total_investment_yuan"] == ""  # not stated by the fake: empty, never 0
    jingyuan = rows["001_572525cebf333663.txt"]
    assert jingyuan["county"] == "靖远县" and jingyuan["teachers.special_post_teachers"] == "30"
    assert (tmp / "out" / "summary.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheets read UTF-8


def test_a_rerun_skips_finished_reports_without_any_llm_call(mixed_run):
    tmp, config, fake, _, expected = mixed_run
    before = len(fake.requests)
    summary = (tmp / "out" / "summary.csv").read_bytes()
    again = run_batch(config)
    assert len(fake.requests) == before
    assert again.count("skipped") == 5 and again.count("failed") == len(expected)
    assert (tmp / "out" / "summary.csv").read_bytes() == summary


def one_seed_finished(tmp_path: Path) -> tuple[BatchConfig, TextReadingTransport]:
    """A batch of seed 000 alone, run once to the end: what a rerun after a change starts from."""
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(CORPUS / SEED_NAMES[0], folder / SEED_NAMES[0])
    fake = TextReadingTransport()
    config = make_config(folder, tmp_path / "out", tmp_path / "cache", fake)
    assert run_batch(config).count("done") == 1
    return config, fake


def test_a_changed_prompt_redoes_the_reports(tmp_path, monkeypatch):
    config, fake = one_seed_finished(tmp_path)
    original = prompts.template_text

    def edited(name: str) -> str:
        return original(name) + "\n只填原文写明的数字。" if name == "teachers" else original(name)

    monkeypatch.setattr(prompts, "template_text", edited)
    calls = len(fake.requests)
    redo = run_batch(config)
    assert redo.count("done") == 1 and redo.count("skipped") == 0
    assert len(fake.requests) == calls + 1  # only the teachers call changed; the rest came from the cache


def test_a_list_file_names_reports_relative_to_itself(tmp_path):
    folder = copy_seeds(tmp_path / "reports")
    listing = tmp_path / "list.txt"
    listing.write_text(
        f"# two reports\nreports/{SEED_NAMES[1]}\n\n{folder / SEED_NAMES[0]}\nreports/{SEED_NAMES[1]}\n"
    )
    assert [i.path.name for i in collect(listing)] == [SEED_NAMES[1], SEED_NAMES[0]]
    report = tmp_path / "report.txt"
    shutil.copy(CORPUS / SEED_NAMES[0], report)
    with pytest.raises(SummarizerError, match="none of its lines names an existing file"):
        collect(report)


def test_shards_partition_the_inputs_stably(tmp_path):
    folder = copy_seeds(tmp_path / "reports")
    everything = collect(folder)
    shards = [collect(folder, Shard(i, 3)) for i in (1, 2, 3)]
    assert sorted(i.path for s in shards for i in s) == sorted(i.path for i in everything)
    assert shards == [collect(folder, Shard(i, 3)) for i in (1, 2, 3)]
    assert parse_shard("2/3") == Shard(2, 3)
    for bad in ("0/3", "4/3", "x"):
        with pytest.raises(SummarizerError, match="--shard"):
            parse_shard(bad)


def test_output_names_keep_same_named_reports_apart():
    a = output_name(Path("a/report.txt"), "1" * 64)
    b = output_name(Path("b/report.txt"), "2" * 64)
    assert a != b and a.startswith("report-") and a.endswith(".json")
    assert InputItem(Path("x"), None).sha256 is None


def test_html_pages_and_index_for_a_batch(mixed_run):
    from summarizer.batch.pages import write_pages

    tmp, _, _, result, _ = mixed_run
    out = tmp / "out"
    index = write_pages(out, [o.output for o in result.outcomes if o.output])
    pages = sorted(p.name for p in out.glob("*.html") if p.name != "index.html")
    assert len(pages) == 5
    html = index.read_text(encoding="utf-8")
    for page in pages:
        assert f'href="{page}"' in html
    assert "兴隆县" in html and "靖远县" in html
    xinglong = next(p for p in pages if p.startswith("000_"))
    assert "1543.98万元" in (out / xinglong).read_text(encoding="utf-8")


def test_a_file_name_that_looks_like_a_formula_is_quoted_in_summary_csv(tmp_path, monkeypatch):
    """A report named =HYPERLINK(…), batched from its own folder (`summarize batch .`), must not become
    a live formula when summary.csv is opened."""
    folder = tmp_path / "reports"
    folder.mkdir()
    name = '=HYPERLINK("x.invalid","click").txt'
    shutil.copy(CORPUS / SEED_NAMES[0], folder / name)
    monkeypatch.chdir(folder)
    result = run_batch(make_config(Path("."), tmp_path / "out", tmp_path / "cache", TextReadingTransport()))
    assert result.count("done") == 1
    with (tmp_path / "out" / "summary.csv").open(encoding="utf-8-sig", newline="") as f:
        [row] = list(csv.DictReader(f))
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values())
    assert row["file"] == "'" + name
    assert row["teachers.special_post_teachers"] == "85"


def test_a_symlink_loop_in_the_folder_is_one_failure_line_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(CORPUS / SEED_NAMES[0], folder / SEED_NAMES[0])
    (folder / "loop1.txt").symlink_to("loop2.txt")
    (folder / "loop2.txt").symlink_to("loop1.txt")
    result = run_batch(make_config(folder, tmp_path / "out", tmp_path / "cache", TextReadingTransport()))
    assert result.count("done") == 1 and result.count("failed") == 2
    failures = read_jsonl(tmp_path / "out" / "failures.jsonl")
    assert [(Path(f["file"]).name, f["kind"], f["reason"]) for f in failures] == [
        ("loop1.txt", "input", "cannot read (Too many levels of symbolic links)"),
        ("loop2.txt", "input", "cannot read (Too many levels of symbolic links)"),
    ]


def test_the_batch_command_returns_its_result_and_the_line_that_ends_it(mixed_run):
    """`batch` prints nothing and sets no exit code: the CLI shows `conclusion()` and picks the code."""
    tmp, config, _, _, expected = mixed_run
    out = tmp / "out"
    done = batch(config, html=True)
    assert done.pages == out / "index.html" and done.failed == len(expected) == 5
    assert done.conclusion() == f"5 of 10 report(s) failed; see {out / 'failures.jsonl'}"
    sharded = BatchRun(done.result, out, sharded=True)
    assert sharded.conclusion() == f"5 of 10 report(s) failed; see {out / 'failures.shard-*.jsonl'}"
    cut = BatchRun(replace(done.result, interrupted=True), out, sharded=False)
    assert cut.conclusion() == (
        f"interrupted: 5 finished report(s) are kept in {out}; in-flight ones were abandoned. "
        "Run the same command again to resume: finished reports are skipped."
    )
    good = [o for o in done.result.outcomes if o.status != "failed"]
    clean = BatchRun(replace(done.result, outcomes=good, total=5), out, sharded=False)
    assert clean.failed == 0 and clean.conclusion() == f"all 5 report(s) summarised into {out}"


def test_the_batch_command_refuses_an_out_that_is_a_file_before_any_work(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("notes", encoding="utf-8")
    fake = TextReadingTransport()
    config = make_config(copy_seeds(tmp_path / "reports"), afile, tmp_path / "cache", fake)
    with pytest.raises(InputError) as raised:
        batch(config)
    assert str(raised.value) == f"{afile}: is a file; --out takes a folder for the results"
    assert fake.requests == [] and afile.read_text(encoding="utf-8") == "notes"


def test_a_changed_rule_makes_finished_reports_stale_and_redoes_them(tmp_path, monkeypatch):
    """The fingerprint covers the package's code and data, not a version string nobody bumps: after an
    upgrade that changes a rule, a rerun redoes the finished report and says it was stale."""
    config, _ = one_seed_finished(tmp_path)
    assert run_batch(config).count("skipped") == 1 and run_batch(config).notes == []

    monkeypatch.setattr(manifest, "code_digest", lambda: "a-changed-rule")
    redo = run_batch(config)
    assert (redo.count("skipped"), redo.count("done") + redo.count("cached")) == (0, 1)
    assert redo.notes == [
        "1 report(s) finished by an earlier run are stale (the code, rules, prompts or settings have "
        "changed since) and were redone"
    ]
    assert run_batch(config).count("skipped") == 1  # finished again under the new code


def test_the_code_digest_changes_with_any_rule_or_data_file(tmp_path):
    package = tmp_path / "package"
    shutil.copytree(
        Path(manifest.__file__).resolve().parents[1], package, ignore=shutil.ignore_patterns("__pycache__")
    )
    before = manifest.code_digest(package)
    assert manifest.code_digest(package) == before
    judging = package / "find" / "judging.py"
    judging.write_text(judging.read_text(encoding="utf-8") + "\n# a changed rule\n", encoding="utf-8")
    after_rule = manifest.code_digest.__wrapped__(package)
    assert after_rule != before
    (package / "data" / "county_names.txt").write_text("兴隆县\n", encoding="utf-8")
    after_data = manifest.code_digest.__wrapped__(package)
    assert after_data not in (before, after_rule)
    (package / "samples" / "extra.txt").write_text("a sample changes no result", encoding="utf-8")
    assert manifest.code_digest.__wrapped__(package) == after_data


def test_keep_stale_keeps_finished_reports_marked_in_the_summary(tmp_path, monkeypatch):
    config, fake = one_seed_finished(tmp_path)
    calls = len(fake.requests)
    monkeypatch.setattr(manifest, "code_digest", lambda: "a-changed-rule")
    kept = run_batch(replace(config, keep_stale=True))
    assert (kept.count("skipped"), len(fake.requests)) == (1, calls)
    assert kept.notes == [
        "1 stale report(s) finished under other code, rules, prompts or settings were kept "
        "(--keep-stale): marked in the stale column of summary.csv"
    ]
    with (tmp_path / "out" / "summary.csv").open(encoding="utf-8-sig") as rows:
        [row] = list(csv.DictReader(rows))
    assert (row["county"], row["stale"]) == ("兴隆县", "yes")
    assert run_batch(config).notes[-1].startswith("1 report(s) finished by an earlier run are stale")
