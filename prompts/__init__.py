"""Prompt templates, one per schema section, shipped as package data."""
