"""Running queued tasks inside a test, on the test's own database and transaction.

The tests use the real backend (django-tasks-db): ``enqueue`` writes a row, exactly as in production.
``run_queued_tasks`` then does what ``manage.py db_worker --batch`` does — claim each ready task and
run it through the worker's own ``run_task`` — but without the worker loop's
``close_old_connections``, which would close the connection a test's transaction lives on. So a test
decides deterministically when the work runs, and what it finds afterwards is what the worker wrote.
"""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

WORKER_ID = "tests"


def run_queued_tasks(limit: int = 100) -> int:
    """Run every ready task (at most ``limit``), oldest first; return how many ran."""
    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id=WORKER_ID,
                    excluded_queue_names=[])
    ran = 0
    while ran < limit:
        with exclusive_transaction(DBTaskResult.objects.db):
            result = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if result is None:
                break
            result.claim(WORKER_ID)
        worker.run_task(result)
        ran += 1
    return ran
