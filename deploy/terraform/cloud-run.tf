# The service. Its URL is deterministic (https://SERVICE-PROJECT_NUMBER.REGION.run.app), so it can be its own
# OIDC audience and Cloud Tasks' callback URL without a second apply.
locals {
  service_url = "https://${var.service_name}-${data.google_project.this.number}.${var.region}.run.app"
  # Cloud Tasks waits this long for the executor (src/dispatch/dispatch-config.ts DEFAULT_DISPATCH_DEADLINE_SECONDS);
  # a Cloud Run request timeout shorter than it would cut runs off mid-step.
  dispatch_deadline_seconds = 600
  request_timeout_seconds   = 900
  oidc_callers = [
    google_service_account.scheduler.email,
    google_service_account.tasks.email,
    google_service_account.eventarc.email,
  ]
}

resource "google_cloud_run_v2_service" "convergence" {
  name                = var.service_name
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = var.deletion_protection

  template {
    service_account                  = google_service_account.service.email
    timeout                          = "${local.request_timeout_seconds}s"
    max_instance_request_concurrency = var.concurrency

    scaling {
      min_instance_count = var.min_instances
      max_instance_count = var.max_instances
    }

    containers {
      image = var.image

      ports {
        container_port = 8080
      }

      resources {
        limits = {
          cpu    = "1"
          memory = "1Gi"
        }
        # CPU always allocated: the periodic projection catch-up and run leases work between requests.
        cpu_idle          = false
        startup_cpu_boost = true
      }

      env {
        name  = "CONVERGENCE_MODE"
        value = "production"
      }
      env {
        name  = "CONVERGENCE_WAREHOUSE"
        value = "bigquery"
      }
      env {
        name  = "GOOGLE_CLOUD_PROJECT"
        value = var.project_id
      }
      env {
        name  = "BIGQUERY_LOCATION"
        value = var.region
      }
      env {
        name  = "CLOUD_TASKS_LOCATION"
        value = var.region
      }
      env {
        name  = "CLOUD_TASKS_QUEUE"
        value = google_cloud_tasks_queue.runs.name
      }
      env {
        name  = "CONVERGENCE_SERVICE_URL"
        value = local.service_url
      }
      env {
        name  = "CONVERGENCE_OIDC_AUDIENCE"
        value = local.service_url
      }
      env {
        name  = "CONVERGENCE_OIDC_SERVICE_ACCOUNTS"
        value = join(",", local.oidc_callers)
      }
      env {
        name  = "CONVERGENCE_TASKS_SERVICE_ACCOUNT"
        value = google_service_account.tasks.email
      }
      env {
        name  = "CONVERGENCE_KMS_KEY"
        value = google_kms_crypto_key.tenant_data_keys.id
      }
      env {
        name = "CONVERGENCE_ADMIN_KEY"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.admin_key.secret_id
            version = "latest"
          }
        }
      }
      env {
        name = "CONVERGENCE_API_KEY_PEPPER"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.api_key_pepper.secret_id
            version = "latest"
          }
        }
      }

      startup_probe {
        http_get {
          path = "/health/ready"
        }
        initial_delay_seconds = 0
        period_seconds        = 5
        timeout_seconds       = 3
        failure_threshold     = 24
      }

      liveness_probe {
        http_get {
          path = "/health/live"
        }
        period_seconds    = 15
        timeout_seconds   = 3
        failure_threshold = 3
      }
    }
  }

  depends_on = [
    google_project_service.apis,
    google_secret_manager_secret_iam_member.service_reads_admin_key,
    google_secret_manager_secret_iam_member.service_reads_pepper,
  ]
}
