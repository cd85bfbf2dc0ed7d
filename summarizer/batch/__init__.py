"""Batch runs over many reports: inputs, resume manifest, concurrency, outputs and progress.

Everything here calls the same library entry point as the single-report CLI (`Summarizer.summarize`);
this package only decides which reports to run, where their results go, and what to skip.
"""
