# Firestore holds the event log and its inline read models; BigQuery the projections; KMS wraps data keys.

resource "google_firestore_database" "default" {
  name                    = "(default)"
  location_id             = var.region
  type                    = "FIRESTORE_NATIVE"
  concurrency_mode        = "OPTIMISTIC"
  delete_protection_state = var.deletion_protection ? "DELETE_PROTECTION_ENABLED" : "DELETE_PROTECTION_DISABLED"
  depends_on              = [google_project_service.apis]
}

# Generated from the repository's firestore.indexes.json, the one definition the emulator tests also read.
locals {
  firestore_indexes = jsondecode(file("${path.module}/../../firestore.indexes.json")).indexes
}

resource "google_firestore_index" "indexes" {
  # Keyed by everything that makes an index distinct (two indexes may differ only in a field's order).
  for_each = {
    for index in local.firestore_indexes :
    join(" ", concat([index.collectionGroup, index.queryScope], [for f in index.fields : "${f.fieldPath}:${lookup(f, "order", lookup(f, "arrayConfig", ""))}"])) => index
  }
  database    = google_firestore_database.default.name
  collection  = each.value.collectionGroup
  query_scope = each.value.queryScope

  dynamic "fields" {
    for_each = each.value.fields
    content {
      field_path = fields.value.fieldPath
      order      = lookup(fields.value, "order", null)
    }
  }
}

resource "google_bigquery_dataset" "central" {
  dataset_id  = var.central_dataset
  location    = var.region
  description = "Every tenant_* table and the event-log mirror; tenant datasets are created by onboarding."
  depends_on  = [google_project_service.apis]
}

resource "google_kms_key_ring" "tenants" {
  name       = "${var.service_name}-tenants"
  location   = var.region
  depends_on = [google_project_service.apis]
}

resource "google_kms_crypto_key" "tenant_data_keys" {
  name            = "tenant-data-keys"
  key_ring        = google_kms_key_ring.tenants.id
  purpose         = "ENCRYPT_DECRYPT"
  rotation_period = "7776000s" # 90 days; old versions stay enabled so wrapped keys still unwrap
  lifecycle {
    prevent_destroy = true
  }
}

resource "google_secret_manager_secret" "admin_key" {
  secret_id = "${var.service_name}-admin-key"
  replication {
    user_managed {
      replicas {
        location = var.region
      }
    }
  }
  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret" "api_key_pepper" {
  secret_id = "${var.service_name}-api-key-pepper"
  replication {
    user_managed {
      replicas {
        location = var.region
      }
    }
  }
  depends_on = [google_project_service.apis]
}

resource "random_password" "admin_key" {
  count   = var.generate_secrets ? 1 : 0
  length  = 48
  special = false
}

resource "random_password" "api_key_pepper" {
  count   = var.generate_secrets ? 1 : 0
  length  = 64
  special = false
}

resource "google_secret_manager_secret_version" "admin_key" {
  count       = var.generate_secrets ? 1 : 0
  secret      = google_secret_manager_secret.admin_key.id
  secret_data = "cvg_admin_${random_password.admin_key[0].result}"
}

resource "google_secret_manager_secret_version" "api_key_pepper" {
  count       = var.generate_secrets ? 1 : 0
  secret      = google_secret_manager_secret.api_key_pepper.id
  secret_data = random_password.api_key_pepper[0].result
}
