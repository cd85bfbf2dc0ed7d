"""The published JSON Schema of the output, shipped as package data."""
