// Cheaper variants of the costly tests under mutation testing, where every mutant a test covers runs it again.
// scripts/build-mutation-tests.mjs defines TRCAA_MUTATION_RUN in its bundles only: the unit run keeps full numbers.

/** Whether these tests run in the mutation build (`npm run test:mutation`). */
export const underMutationTesting = process.env.TRCAA_MUTATION_RUN === '1';

/**
 * How many cases a fast-check property runs: the full number in the unit run, a tenth (at least 20) under mutation
 * testing. The example tests pin behaviour; what the properties catch, a few dozen random cases mostly catch too.
 */
export function propertyRuns(full: number): number {
  return underMutationTesting ? Math.min(full, Math.max(20, Math.ceil(full / 10))) : full;
}
