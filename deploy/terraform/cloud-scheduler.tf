# The three maintenance jobs. Names, paths and crons equal SCHEDULER_JOBS in src/domain/system/scheduler-jobs.ts
# (a test checks it); Cloud Scheduler sends X-CloudScheduler-ScheduleTime, which names the trigger's runs.
locals {
  scheduler_jobs = {
    trigger = {
      path             = "/api/v1/scheduler/trigger"
      cron             = "0 * * * *"
      attempt_deadline = "180s"
    }
    process-queue = {
      path             = "/api/v1/scheduler/process-queue"
      cron             = "*/5 * * * *"
      attempt_deadline = "300s"
    }
    reset-daily-quotas = {
      path             = "/api/v1/scheduler/reset-daily-quotas"
      cron             = "0 0 * * *"
      attempt_deadline = "300s"
    }
  }
}

resource "google_cloud_scheduler_job" "jobs" {
  for_each         = local.scheduler_jobs
  name             = "${var.service_name}-${each.key}"
  region           = var.region
  schedule         = each.value.cron
  time_zone        = "Etc/UTC"
  attempt_deadline = each.value.attempt_deadline

  retry_config {
    retry_count          = 3
    min_backoff_duration = "10s"
    max_backoff_duration = "60s"
    max_doublings        = 2
  }

  http_target {
    http_method = "POST"
    uri         = "${local.service_url}${each.value.path}"
    headers = {
      "Content-Type" = "application/json"
    }
    body = base64encode("{}")
    oidc_token {
      service_account_email = google_service_account.scheduler.email
      audience              = local.service_url
    }
  }

  depends_on = [google_project_service.apis]
}
