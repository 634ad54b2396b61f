# Eventarc rings the projector for every event document created in the event store.
resource "google_eventarc_trigger" "event_store" {
  name                    = "${var.service_name}-event-store"
  location                = var.region
  service_account         = google_service_account.eventarc.email
  event_data_content_type = "application/protobuf"

  matching_criteria {
    attribute = "type"
    value     = "google.cloud.firestore.document.v1.created"
  }
  matching_criteria {
    attribute = "database"
    value     = google_firestore_database.default.name
  }
  matching_criteria {
    attribute = "document"
    value     = "streams/{streamId}/events/{revision}"
    operator  = "match-path-pattern"
  }

  destination {
    cloud_run_service {
      service = google_cloud_run_v2_service.convergence.name
      region  = var.region
      path    = "/eventarc/firestore"
    }
  }

  depends_on = [google_project_iam_member.eventarc_receives]
}

# Deliveries that keep failing end here instead of being retried for a day; the periodic catch-up still
# projects their events (Eventarc is only a doorbell), so a dead letter loses nothing.
resource "google_pubsub_topic" "eventarc_dead_letters" {
  name                       = "${var.service_name}-eventarc-dead-letters"
  message_retention_duration = "604800s"
}
