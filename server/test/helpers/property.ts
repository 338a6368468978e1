// fast-check's `assert` for the property tests over Topo text: when a property fails, the
// error says where its counterexample goes, so that it is replayed by every `npm test`
// from then on (server/test/fuzz-regressions.test.ts).

import fc from 'fast-check';

export const CORPUS_HINT = [
  'Save the counterexample above in server/test/fixtures/fuzz-regressions/ (see the README.md there):',
  'a .topo file for plain text (one folder per project), or a .json file holding the counterexample',
  'array as printed (one string per file); then fix the bug and run server/test/fuzz-regressions.test.ts.',
].join('\n');

/**
 * `fc.assert`, with the corpus hint added to the message of a failure. `TOPO_FUZZ_SEED=<integer>`
 * runs every property from that seed (fast-check picks a new one each run otherwise).
 */
export function assertProperty<Ts>(property: fc.IProperty<Ts>, params?: fc.Parameters<Ts>): void {
  const seed = process.env['TOPO_FUZZ_SEED'];
  if (seed !== undefined && seed !== '') {
    if (!/^-?\d+$/.test(seed)) throw new Error(`TOPO_FUZZ_SEED must be an integer, not '${seed}'`);
    params = { ...params, seed: Number(seed) };
  }
  try {
    fc.assert(property, params);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n\n${CORPUS_HINT}`, { cause: error });
  }
}
