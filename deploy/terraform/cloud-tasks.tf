# The run queue. These settings equal DEFAULT_QUEUE_SETTINGS in src/dispatch/dispatch-config.ts (a test checks
# it): the service verifies an existing queue against them at start and reports any difference.
resource "google_cloud_tasks_queue" "runs" {
  name     = var.queue_name
  location = var.region

  rate_limits {
    max_dispatches_per_second = 10
    max_concurrent_dispatches = 100
  }

  retry_config {
    max_attempts       = 10
    min_backoff        = "10s"
    max_backoff        = "600s"
    max_doublings      = 5
    max_retry_duration = "0s"
  }

  stackdriver_logging_config {
    sampling_ratio = 1.0
  }

  depends_on = [google_project_service.apis]
}
