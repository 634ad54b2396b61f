# Least privilege: each grant names the caller, the resource as narrow as the API allows, and why.

# --- The service's own account (Cloud Run runtime) ---
locals {
  service_project_roles = {
    # The event store and its inline read models live in Firestore (read, create, transactions).
    "roles/datastore.user" = "event store appends and reads"
    # Every pipeline step and projection MERGE is a BigQuery job in this project.
    "roles/bigquery.jobUser" = "run query and DML jobs"
    # Onboarding creates one dataset per tenant and its tables and views; projections write the central tables.
    "roles/bigquery.dataEditor" = "create tenant datasets, write tenant_* tables"
    # A run is one Cloud Task; cancelling a run deletes its task; start checks the queue's settings.
    "roles/cloudtasks.enqueuer"    = "create run tasks"
    "roles/cloudtasks.taskDeleter" = "delete a cancelled run's task"
    "roles/cloudtasks.viewer"      = "read the queue's retry and rate settings at start"
    # Structured logs, Prometheus metrics (Managed Service for Prometheus) and traces.
    "roles/logging.logWriter"     = "write structured logs"
    "roles/monitoring.metricWriter" = "write metrics"
    "roles/cloudtrace.agent"      = "write traces"
  }
}

resource "google_project_iam_member" "service" {
  for_each = local.service_project_roles
  project  = var.project_id
  role     = each.key
  member   = "serviceAccount:${google_service_account.service.email}"
}

# Tasks carry an OIDC token of the tasks account: creating them needs actAs on that account only.
resource "google_service_account_iam_member" "service_acts_as_tasks" {
  service_account_id = google_service_account.tasks.name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.service.email}"
}

# Tenants' data keys are wrapped and unwrapped with this one key, never exported.
resource "google_kms_crypto_key_iam_member" "service_wraps_data_keys" {
  crypto_key_id = google_kms_crypto_key.tenant_data_keys.id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:${google_service_account.service.email}"
}

# The admin key and the pepper reach the service as environment variables from Secret Manager.
resource "google_secret_manager_secret_iam_member" "service_reads_admin_key" {
  secret_id = google_secret_manager_secret.admin_key.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.service.email}"
}

resource "google_secret_manager_secret_iam_member" "service_reads_pepper" {
  secret_id = google_secret_manager_secret.api_key_pepper.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.service.email}"
}

# --- Callers of the service ---
# Tenants call with API keys the service checks itself, so Cloud Run admits unauthenticated requests; the
# scheduler, tasks and Eventarc routes verify the callers' Google OIDC tokens in the service
# (CONVERGENCE_OIDC_SERVICE_ACCOUNTS). Put IAP or an API gateway in front to narrow this further.
resource "google_cloud_run_v2_service_iam_member" "public_api" {
  name     = google_cloud_run_v2_service.convergence.name
  location = var.region
  role     = "roles/run.invoker"
  member   = "allUsers"
}

# Each caller may invoke the service, so its calls keep working if public access is later removed.
resource "google_cloud_run_v2_service_iam_member" "callers_invoke" {
  for_each = {
    scheduler = google_service_account.scheduler.email
    tasks     = google_service_account.tasks.email
    eventarc  = google_service_account.eventarc.email
  }
  name     = google_cloud_run_v2_service.convergence.name
  location = var.region
  role     = "roles/run.invoker"
  member   = "serviceAccount:${each.value}"
}

# Eventarc's trigger account must be allowed to receive the events it routes.
resource "google_project_iam_member" "eventarc_receives" {
  project = var.project_id
  role    = "roles/eventarc.eventReceiver"
  member  = "serviceAccount:${google_service_account.eventarc.email}"
}

# Pub/Sub (under Eventarc) mints the OIDC tokens of push deliveries.
resource "google_project_iam_member" "pubsub_mints_tokens" {
  project = var.project_id
  role    = "roles/iam.serviceAccountTokenCreator"
  member  = local.pubsub_service_agent
}
