import type { AdapterContext } from './context';
import { assertJobId } from './identifiers';
import { IgnoredBodyCodec } from './rest-codecs';
import { restCall } from './rest-call';

/**
 * jobs.cancel: asks BigQuery to stop the job. Cancelling a job that already finished is harmless (BigQuery
 * answers with the finished job); an unknown job id is NOT_FOUND.
 */
export async function cancelJob(context: AdapterContext, jobId: string): Promise<void> {
  assertJobId(jobId);
  await restCall(
    context,
    { method: 'POST', uri: `/jobs/${jobId}/cancel`, qs: { location: context.location } },
    IgnoredBodyCodec,
    {
      operation: 'cancelJob',
      jobId,
    },
  );
}
