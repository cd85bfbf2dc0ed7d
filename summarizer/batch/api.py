"""A provider's Batch API through the `openai` client: upload a file of request lines, create a job,
follow it, download its results. Every fault of the endpoint becomes one ModelError line that says
the jobs are kept (the state is saved before each call), never a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import ModelError
from ..llm.presets import Provider

COMPLETION_WINDOW = "24h"
ENDPOINT = "/v1/chat/completions"
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
CLIENT_RETRIES = 3  # the openai client's own retries of a 429, 5xx or dropped connection
LIST_PAGES = 20  # pages of 100 jobs searched for a job created just before a crash
RESUME = "the run's state is kept: run the same command again to go on"


@dataclass(frozen=True)
class JobStatus:
    status: str
    completed: int
    failed: int
    total: int
    output_file_id: str | None
    error_file_id: str | None

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL


class BatchClient:
    """The five calls a round needs, with the provider's faults said in one line."""

    def __init__(self, provider: Provider) -> None:
        import openai

        self.provider = provider
        self._client = openai.OpenAI(
            base_url=provider.base_url,
            api_key=provider.api_key(),
            timeout=max(provider.timeout, 300.0),  # a results file of 100 MB takes a while
            max_retries=CLIENT_RETRIES,
        )

    def upload(self, name: str, data: bytes) -> str:
        return self._call(
            "upload the request file", self._client.files.create, file=(name, data), purpose="batch"
        ).id

    def create(self, file_id: str, tag: str) -> str:
        job = self._call(
            "create a batch job",
            self._client.batches.create,
            input_file_id=file_id,
            endpoint=ENDPOINT,
            completion_window=COMPLETION_WINDOW,
            metadata={"summarizer": tag},
        )
        return job.id

    def find(self, tag: str) -> str | None:
        """The job created with `tag`, if the provider has one: the answer to a crash between creating a
        job and writing its id down."""
        page = self._call("list batch jobs", self._client.batches.list, limit=100)
        for _ in range(LIST_PAGES):
            for job in page.data:
                if (job.metadata or {}).get("summarizer") == tag:
                    return job.id
            if not page.has_next_page():
                return None
            page = self._call("list batch jobs", page.get_next_page)
        return None

    def retrieve(self, batch_id: str) -> JobStatus:
        job = self._call(f"follow batch job {batch_id}", self._client.batches.retrieve, batch_id)
        counts = job.request_counts
        return JobStatus(
            job.status,
            counts.completed if counts else 0,
            counts.failed if counts else 0,
            counts.total if counts else 0,
            job.output_file_id,
            job.error_file_id,
        )

    def content(self, file_id: str) -> str:
        response = self._call(f"download file {file_id}", self._client.files.content, file_id)
        return response.content.decode("utf-8", errors="replace")

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        import openai

        where = f"the {self.provider.name} Batch API at {self.provider.base_url}"
        try:
            return fn(*args, **kwargs)
        except openai.NotFoundError as err:
            raise ModelError(
                f"{where} cannot {what} (404: {_brief(err)}); does this endpoint serve /files and /batches? "
                f"{RESUME}"
            ) from err
        except openai.APIConnectionError as err:
            raise ModelError(
                f"cannot reach {where} to {what} ({_brief(err.__cause__ or err)}); {RESUME}"
            ) from err
        except openai.APIError as err:
            raise ModelError(f"{where} refused to {what} ({_brief(err)}); {RESUME}") from err


def _brief(err: BaseException) -> str:
    return " ".join(str(err).split())[:200]
