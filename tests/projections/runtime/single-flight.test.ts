import { SingleFlight } from '../../../src/projections/runtime/single-flight';

describe('SingleFlight (doorbell coalescing)', () => {
  it('runs a burst as the current run plus one follow-up', async () => {
    const flight = new SingleFlight<number>();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const work = async () => {
      runs += 1;
      const mine = runs;
      if (mine === 1) await gate;
      return mine;
    };
    const first = flight.run(work);
    const burst = Array.from({ length: 10 }, () => flight.run(work));
    release();
    expect(await first).toBe(1);
    expect(await Promise.all(burst)).toEqual(Array(10).fill(2));
    expect(runs).toBe(2);
    expect(flight.idle).toBe(true);
  });

  it('starts the follow-up even when the current run fails', async () => {
    const flight = new SingleFlight<string>();
    const failing = flight.run(() => Promise.reject(new Error('boom')));
    const next = flight.run(async () => 'ran');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });
});
