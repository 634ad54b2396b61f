variable "project_id" {
  description = "The Google Cloud project that hosts the service."
  type        = string
}

variable "region" {
  description = "One region for every regional resource (Cloud Run, Tasks, Scheduler, Firestore, Eventarc, BigQuery, KMS)."
  type        = string
  default     = "us-central1"
}

variable "image" {
  description = "The container image to run, e.g. us-central1-docker.pkg.dev/PROJECT/convergence/convergence:TAG."
  type        = string
}

variable "service_name" {
  description = "Name of the Cloud Run service (its URL is derived from it)."
  type        = string
  default     = "convergence"
}

variable "queue_name" {
  description = "Cloud Tasks queue of pipeline runs (CLOUD_TASKS_QUEUE)."
  type        = string
  default     = "convergence-runs"
}

variable "central_dataset" {
  description = "The central BigQuery dataset holding every tenant_* table. The code expects `tenants`."
  type        = string
  default     = "tenants"
}

variable "min_instances" {
  description = "At least one: the periodic projection catch-up runs in the background."
  type        = number
  default     = 1
}

variable "max_instances" {
  description = "Upper bound of Cloud Run instances."
  type        = number
  default     = 10
}

variable "concurrency" {
  description = "Requests one instance serves at once."
  type        = number
  default     = 80
}

variable "generate_secrets" {
  description = "Create the admin key and pepper with Terraform (they are then in the state: keep the state private). Set false to add secret versions with gcloud instead."
  type        = bool
  default     = true
}

variable "deletion_protection" {
  description = "Protects the Cloud Run service and the Firestore database from `terraform destroy`."
  type        = bool
  default     = true
}

variable "eventarc_max_delivery_attempts" {
  description = "Deliveries of one Eventarc event before it goes to the dead-letter topic (Pub/Sub allows 5 to 100)."
  type        = number
  default     = 10

  validation {
    condition     = var.eventarc_max_delivery_attempts >= 5 && var.eventarc_max_delivery_attempts <= 100
    error_message = "Pub/Sub accepts 5 to 100 delivery attempts."
  }
}
