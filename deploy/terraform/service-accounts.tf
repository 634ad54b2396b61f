# One service account per caller, so each grant says who may do what.
resource "google_service_account" "service" {
  account_id   = "${var.service_name}-run"
  display_name = "Convergence service (Cloud Run runtime)"
}

resource "google_service_account" "scheduler" {
  account_id   = "${var.service_name}-scheduler"
  display_name = "Cloud Scheduler jobs calling Convergence"
}

resource "google_service_account" "tasks" {
  account_id   = "${var.service_name}-tasks"
  display_name = "Cloud Tasks deliveries of pipeline runs (OIDC)"
}

resource "google_service_account" "eventarc" {
  account_id   = "${var.service_name}-eventarc"
  display_name = "Eventarc deliveries of event-store writes"
}
