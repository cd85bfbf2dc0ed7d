"""Eval ground truth and scoring; independent of the extractor by design.

Installed as `summarizer_evals`. Modules, one concern each:
textnorm (NFKC + t2s), numbers (own quantity parser), patterns (per-field regexes), groundtruth,
scoring, results (EvalRun), baseline (save/compare), corpus, report (rich/Markdown/JSON), runner
(`run_eval`, `eval_main` for the CLI). Nothing here imports `summarizer` beyond `summarizer.models`.
"""
