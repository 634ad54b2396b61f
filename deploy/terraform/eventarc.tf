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

locals {
  pubsub_service_agent  = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
  eventarc_subscription = google_eventarc_trigger.event_store.transport[0].pubsub[0].subscription
}

# Eventarc creates and owns the trigger's Pub/Sub subscription (its name is output-only in the Eventarc API,
# so the trigger resource cannot carry a dead-letter policy): the policy is set on it once it exists.
resource "terraform_data" "eventarc_dead_letter_policy" {
  triggers_replace = [local.eventarc_subscription, google_pubsub_topic.eventarc_dead_letters.id]

  provisioner "local-exec" {
    command = join(" ", [
      "gcloud pubsub subscriptions update ${local.eventarc_subscription}",
      "--project=${var.project_id}",
      "--dead-letter-topic=${google_pubsub_topic.eventarc_dead_letters.id}",
      "--max-delivery-attempts=${var.eventarc_max_delivery_attempts}",
    ])
  }

  depends_on = [
    google_pubsub_topic_iam_member.dead_letters_publisher,
    google_pubsub_subscription_iam_member.dead_letters_forwarder,
  ]
}

# Pub/Sub's own service agent moves a message to the dead-letter topic: it publishes there and acks the source.
resource "google_pubsub_topic_iam_member" "dead_letters_publisher" {
  topic  = google_pubsub_topic.eventarc_dead_letters.name
  role   = "roles/pubsub.publisher"
  member = local.pubsub_service_agent
}

resource "google_pubsub_subscription_iam_member" "dead_letters_forwarder" {
  subscription = local.eventarc_subscription
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_service_agent
}
