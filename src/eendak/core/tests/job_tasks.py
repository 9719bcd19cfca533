"""A small kind of long work for the tests of ``core.jobs``: write the numbers 1..n, a batch at a time.

Shaped exactly like a real export (keyset position in the checkpoint, a result file, progress per
batch), so the tests exercise the same path. ``CRASH_AT_BATCH`` (set by a test with monkeypatch)
makes one batch raise half-way: after its lines are written, before its checkpoint is stored — the
worst moment for duplicates.
"""

from django.tasks import task

from eendak.core import jobs

BATCH_SIZE = 10
CRASH_AT_BATCH: int | None = None


class SimulatedCrash(RuntimeError):
    pass


@task()
def count_to(job_id: int, attempt: int) -> None:
    jobs.run(job_id, attempt, _count_to)


def _count_to(run: jobs.Run) -> None:
    total = run.job.params["n"]
    out = run.result_file()
    if not out.resumed:
        out.write("getal\n")
    after = run.checkpoint.get("after", 0)
    batch_number = 0
    while after < total:
        batch_number += 1
        batch = range(after + 1, min(after + BATCH_SIZE, total) + 1)
        out.write("".join(f"{n}\n" for n in batch))
        if CRASH_AT_BATCH is not None and batch_number == CRASH_AT_BATCH:
            raise SimulatedCrash("half-way")
        after = batch[-1]
        run.progress(after, total=total, checkpoint={"after": after},
                     message=f"{after} van {total}")
    run.finish(name="getallen.csv", content_type="text/csv", personal=False)


COUNT_TO = jobs.register("core.test_count", task=count_to, title="Tellen (test)")
