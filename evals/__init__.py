"""Eval ground truth and scoring; independent of the extractor by design."""
