"""Prometheus metrics at ``/metrics`` (prometheus-client), not for the public.

* ``selaras_http_requests_total{view,method,status}`` and
  ``selaras_http_request_duration_seconds{view,method}`` — counted by
  ``MetricsMiddleware``; ``view`` is the URL pattern's name (a bounded set, never the
  raw path, so ids cannot blow up the number of series).
* At scrape time, from the database: ``selaras_task_queue_depth{queue}`` (tasks ready
  to run), ``selaras_task_oldest_age_seconds{queue}``, ``selaras_tasks_failed_total``,
  ``selaras_overdue_cases`` (open cases past their deadline),
  ``selaras_heartbeat_age_seconds{process}`` (worker, scheduler).

Several app-server workers (granian ``--workers N``): set ``PROMETHEUS_MULTIPROC_DIR``
to an empty directory shared by them (prometheus-client's multiprocess mode) and every
scrape sums all workers.

Access: with ``METRICS_TOKEN`` set, a request must carry ``Authorization: Bearer
<token>``; without it only direct loopback requests are answered (no
``X-Forwarded-For``: a request that came through the reverse proxy is refused even
though it arrives from 127.0.0.1). Anything else gets 404.
"""

import hmac
import os
import time

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

REQUESTS = Counter(
    "selaras_http_requests_total", "HTTP requests answered", ["view", "method", "status"]
)
LATENCY = Histogram(
    "selaras_http_request_duration_seconds", "Time to answer a request (server side)",
    ["view", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10),
)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unresolved"
    return match.view_name or match.route or "unnamed"


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        method = request.method if request.method in METHODS else "OTHER"
        view = _view_name(request)
        LATENCY.labels(view, method).observe(time.perf_counter() - started)
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        return response


class DatabaseCollector:
    """Figures read from the database at scrape time (cheap, indexed queries)."""

    def collect(self):
        from django_tasks_db.models import DBTaskResult

        from selaras.automation.scheduler import SCHEDULER_HEARTBEAT
        from selaras.automation.tasks import WORKER_HEARTBEAT
        from selaras.cases.models import Case
        from selaras.cases.models.case import OPEN_STATUSES

        from .health import heartbeat_age

        depth = GaugeMetricFamily("selaras_task_queue_depth", "Tasks waiting to run",
                                  labels=["queue"])
        oldest = GaugeMetricFamily("selaras_task_oldest_age_seconds",
                                   "Age of the oldest waiting task", labels=["queue"])
        failed = CounterMetricFamily("selaras_tasks_failed", "Tasks that failed")
        overdue = GaugeMetricFamily("selaras_overdue_cases",
                                    "Open cases past their deadline")
        heartbeat = GaugeMetricFamily("selaras_heartbeat_age_seconds",
                                      "Seconds since the process last reported",
                                      labels=["process"])
        now = timezone.now()
        try:
            queues = settings.TASKS.get("default", {}).get("QUEUES") or ["default"]
            for queue in queues:
                ready = DBTaskResult.objects.ready().filter(queue_name=queue)
                depth.add_metric([queue], ready.count())
                first = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True)[:1]
                age = (now - first[0]).total_seconds() if first else 0.0
                oldest.add_metric([queue], age)
            failed.add_metric([], DBTaskResult.objects.failed().count())
            overdue.add_metric([], Case.objects.filter(
                status__in=OPEN_STATUSES, due_at__lt=now).count())
            for label, name in (("worker", WORKER_HEARTBEAT),
                                ("scheduler", SCHEDULER_HEARTBEAT)):
                age = heartbeat_age(name)
                heartbeat.add_metric([label], age if age is not None else float("inf"))
        except DatabaseError:
            return  # the request metrics still answer; /readyz reports the database
        yield from (depth, oldest, failed, overdue, heartbeat)


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
        registry.register(LATENCY)
    registry.register(DatabaseCollector())
    return registry


def allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        sent = request.headers.get("Authorization", "")
        return sent.startswith("Bearer ") and hmac.compare_digest(
            sent.removeprefix("Bearer ").encode(), token.encode())
    direct = "X-Forwarded-For" not in request.headers and "X-Real-IP" not in request.headers
    return direct and request.META.get("REMOTE_ADDR") in {"127.0.0.1", "::1"}


@never_cache
def metrics_view(request):
    if request.method != "GET" or not allowed(request):
        raise Http404
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
