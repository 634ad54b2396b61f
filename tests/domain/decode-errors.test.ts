import * as t from 'io-ts';
import { describeDecodeErrors } from '../../src/domain/decode-errors';

describe('describeDecodeErrors', () => {
  const Step = t.type({ step_id: t.string, retry: t.union([t.undefined, t.type({ attempts: t.number })]) });
  const Pipeline = t.type({
    pipeline_id: t.string,
    steps: t.array(Step),
    mode: t.union([t.literal('append'), t.literal('merge')]),
  });

  it('names every failing path, arrays by index, without union noise', () => {
    const result = Pipeline.decode({
      pipeline_id: 7,
      steps: [{ step_id: 'a' }, { step_id: 3, retry: { attempts: 'x' } }],
      mode: 'upsert',
    });
    if (result._tag === 'Right') throw new Error('expected a failure');
    expect(describeDecodeErrors(result.left)).toEqual([
      'pipeline_id: expected string, got 7',
      'steps[1].step_id: expected string, got 3',
      'steps[1].retry.attempts: expected number, got "x"',
      'mode: expected "append" | "merge", got "upsert"',
    ]);
  });
});

describe('describeDecodeErrors at the root', () => {
  it('describes a value of the wrong kind as a whole', () => {
    const result = t.type({ a: t.string }).decode('text');
    if (result._tag === 'Right') throw new Error('expected a failure');
    expect(describeDecodeErrors(result.left)).toEqual(['(root): expected { a: string }, got "text"']);
  });
});
