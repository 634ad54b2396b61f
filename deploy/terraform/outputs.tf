output "service_url" {
  description = "The Cloud Run URL of the service (also the OIDC audience of its callers)."
  value       = local.service_url
}

output "service_accounts" {
  description = "The service accounts, by caller."
  value = {
    service   = google_service_account.service.email
    scheduler = google_service_account.scheduler.email
    tasks     = google_service_account.tasks.email
    eventarc  = google_service_account.eventarc.email
  }
}

output "image_repository" {
  description = "Where to push the container image."
  value       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
}

output "eventarc_dead_letter_topic" {
  description = "Pub/Sub topic for Eventarc deliveries that keep failing."
  value       = google_pubsub_topic.eventarc_dead_letters.id
}
