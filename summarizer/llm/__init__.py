"""LLM access: the embedded model, OpenAI-compatible providers, the cache and retries."""
