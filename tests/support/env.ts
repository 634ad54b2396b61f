// Runs before each test file: no metadata-server probing, and one Firestore project per jest worker.
process.env.METADATA_SERVER_DETECTION = 'none';
process.env.GCLOUD_PROJECT = `convergence-test-${process.env.JEST_WORKER_ID ?? '0'}`;
