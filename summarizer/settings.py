"""Effective settings from CLI flags > environment variables > a TOML config file > defaults.

One resolver serves every command (a single report, `eval`, `batch`) and `summarize config show`,
so what `config show` prints is exactly what a run would use. API keys are never read from the config
file or flags: only from the environment variable a provider preset names, and only ever printed
masked.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .errors import SummarizerError

CONFIG_ENV = "SUMMARIZER_CONFIG"
DEFAULT_JOBS = 4


@dataclass(frozen=True)
class Setting:
    """One configurable value: how to parse it and which environment variable can set it."""

    parse: Callable[[Any], Any]
    env: str
    default: Any = None


def _positive_int(value: Any) -> int:
    number = int(value)
    if number < 1:
        raise ValueError("must be at least 1")
    return number


def _non_negative_int(value: Any) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must be 0 or more")
    return number


def _positive_float(value: Any) -> float:
    number = float(value)
    if number <= 0:
        raise ValueError("must be more than 0")
    return number


def _path(value: Any) -> Path:
    return Path(os.path.expanduser(str(value)))


def _cache_location(value: Any) -> Path | str:
    """A folder, or a redis:// URL that several machines share."""
    from .llm.shared_cache import is_cache_url

    if is_cache_url(str(value)):
        return str(value)
    folder = _path(value)
    if folder.exists() and not folder.is_dir():
        raise ValueError("it is a file; the cache needs a folder or a redis:// URL")
    return folder


SETTINGS: dict[str, Setting] = {
    "provider": Setting(str, "SUMMARIZER_PROVIDER", "embedded"),
    "model": Setting(str, "SUMMARIZER_MODEL"),
    "base_url": Setting(str, "SUMMARIZER_BASE_URL"),
    "model_path": Setting(_path, "SUMMARIZER_MODEL_PATH"),
    "cache_dir": Setting(_cache_location, "SUMMARIZER_CACHE_DIR"),
    "jobs": Setting(_positive_int, "SUMMARIZER_JOBS", DEFAULT_JOBS),
    "timeout": Setting(_positive_float, "SUMMARIZER_TIMEOUT"),
    "max_retries": Setting(_non_negative_int, "SUMMARIZER_MAX_RETRIES", 1),
}
SECRET_WORDS = ("key", "token", "secret", "password")


@dataclass(frozen=True)
class Resolved:
    """The effective settings, and for each one where it came from (for `config show`)."""

    values: dict[str, Any]
    sources: dict[str, str]
    config_path: Path
    config_found: bool

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


def default_config_path(env: Mapping[str, str] | None = None) -> Path:
    """`SUMMARIZER_CONFIG`, else config.toml in the platform's user config folder."""
    override = (os.environ if env is None else env).get(CONFIG_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("summarizer")) / "config.toml"


def load_config_file(path: Path, required: bool) -> dict[str, Any]:
    """The file's settings, checked strictly: a typo'd key fails loudly instead of being ignored."""
    if not path.is_file():
        if required:
            raise SummarizerError(f"config file {path}: not found")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise SummarizerError(f"config file {path}: not valid TOML ({err})") from err
    for key in data:
        if any(word in key.lower() for word in SECRET_WORDS):
            raise SummarizerError(
                f"config file {path}: {key!r} is not allowed: API keys come from environment variables only "
                "(e.g. DEEPSEEK_API_KEY), so they never sit in a file"
            )
        if key not in SETTINGS:
            raise SummarizerError(
                f"config file {path}: unknown setting {key!r}; known: {', '.join(SETTINGS)}"
            )
    return data


def _parse(name: str, value: Any, where: str) -> Any:
    try:
        return SETTINGS[name].parse(value)
    except (TypeError, ValueError) as err:
        raise SummarizerError(f"{where}: {name} = {value!r} is not valid ({err})") from err


def resolve_settings(
    cli: Mapping[str, Any], config_path: Path | None = None, env: Mapping[str, str] | None = None
) -> Resolved:
    """Merge the layers; `cli` holds only the flags the user gave (None means not given)."""
    env = os.environ if env is None else env
    explicit = config_path is not None
    path = config_path or default_config_path(env)
    file = load_config_file(path, required=explicit)
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name, setting in SETTINGS.items():
        if cli.get(name) is not None:
            values[name], sources[name] = _parse(name, cli[name], "command line"), "command line"
        elif env.get(setting.env):
            values[name], sources[name] = _parse(name, env[setting.env], setting.env), f"env {setting.env}"
        elif name in file:
            values[name], sources[name] = _parse(name, file[name], str(path)), "config file"
        else:
            values[name], sources[name] = setting.default, "default"
    return Resolved(values, sources, path, path.is_file())


def mask_secret(value: str) -> str:
    """Enough of a key to tell which one is set, never enough to use it: sk-…abcd."""
    if len(value) < 12:
        return "…" * 3
    prefix = value[:3] if value[2:3] == "-" else value[:2]
    return f"{prefix}…{value[-4:]}"


def mask_url(url: str) -> str:
    """Hide a password embedded in a URL (https://user:pass@host)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def key_status(key_env: str | None, env: Mapping[str, str] | None = None) -> str:
    """How `config show` reports the provider's API key: the variable, masked value, set or not."""
    env = os.environ if env is None else env
    if not key_env:
        return "(no API key needed)"
    value = env.get(key_env)
    return f"{key_env}={mask_secret(value)} (set)" if value else f"{key_env} (not set)"


def provider_from(resolved: Resolved):
    """The provider preset with the effective overrides, including the per-request timeout."""
    from dataclasses import replace

    from .llm.presets import resolve_provider

    provider = resolve_provider(
        resolved["provider"], resolved["model"], resolved["base_url"], resolved["model_path"]
    )
    return replace(provider, timeout=resolved["timeout"]) if resolved["timeout"] else provider


def resolve_from_args(args: Any) -> Resolved:
    """The settings for parsed command-line `args` (flags the user did not give are None)."""
    given = {name: getattr(args, name, None) for name in SETTINGS}
    return resolve_settings(given, config_path=getattr(args, "config", None))


def options_from(resolved: Resolved, no_cache: bool = False, force: bool = False):
    """Pipeline options; the cache defaults to the user cache folder."""
    from .paths import default_cache_dir
    from .pipeline import Options

    cache_dir = None if no_cache else (resolved["cache_dir"] or default_cache_dir())
    return Options(
        provider=provider_from(resolved),
        cache_dir=cache_dir,
        max_retries=resolved["max_retries"],
        force=force,
    )


def show_lines(resolved: Resolved, env: Mapping[str, str] | None = None) -> list[str]:
    """`config show`: every effective setting, where it came from, and the key masked."""
    from .llm.shared_cache import is_cache_url
    from .paths import default_cache_dir

    provider = provider_from(resolved)
    found = "found" if resolved.config_found else "not found"
    lines = [f"config file   {resolved.config_path} ({found})"]
    shown = {
        **resolved.values,
        "model": provider.model,
        "base_url": mask_url(provider.base_url) if provider.base_url else None,
        "timeout": provider.timeout,
        "cache_dir": mask_url(str(resolved["cache_dir"]))
        if is_cache_url(resolved["cache_dir"])
        else resolved["cache_dir"] or default_cache_dir(),
    }
    for name in SETTINGS:
        source = resolved.sources[name]
        if resolved.values[name] is None and shown[name] is not None and name != "cache_dir":
            source = f"{provider.name} preset"
        value = "-" if shown[name] is None else shown[name]
        lines.append(f"{name:<13} {value}  ({source})")
    lines.append(f"{'api_key':<13} {key_status(provider.key_env, env)}")
    return lines
