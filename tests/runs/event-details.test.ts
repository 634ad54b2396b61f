import { eventDetails, MAX_EVENT_DETAILS_BYTES } from '../../src/app/runs/step-event-details';

// What a step's details become in its StepSucceeded / StepFailed event (pure).
describe('step details in run events', () => {
  it('keeps the details and adds the rows a step reports; none at all is null', () => {
    expect(eventDetails({ destination: 'acme.t' }, { affectedRows: 42 })).toEqual({
      destination: 'acme.t',
      affectedRows: 42,
    });
    expect(eventDetails(undefined, { affectedRows: 0 })).toEqual({ affectedRows: 0 });
    expect(eventDetails(undefined)).toBeNull();
  });

  it('masks a secret a step let slip into its details', () => {
    expect(
      eventDetails({
        status: 500,
        headers: { authorization: 'Bearer abc.def' },
        note: `key cvg_${'a'.repeat(20)}_${'S3cr3t'.repeat(7)}x`,
      }),
    ).toEqual({
      status: 500,
      headers: { authorization: '[redacted]' },
      note: `key cvg_${'a'.repeat(20)}_[redacted]`,
    });
  });

  it('replaces details too large for an event by a note of their size', () => {
    const huge = { rows: Array.from({ length: 20_000 }, (_, i) => ({ i, text: 'x'.repeat(20) })) };
    const bounded = eventDetails(huge) as { truncated: boolean; bytes: number };
    expect(bounded.truncated).toBe(true);
    expect(bounded.bytes).toBeGreaterThan(MAX_EVENT_DETAILS_BYTES);
    expect(JSON.stringify(bounded).length).toBeLessThan(100);
  });
});
