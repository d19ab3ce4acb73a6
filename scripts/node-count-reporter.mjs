// A node:test reporter that writes `{"passed":N,"failed":N,"skipped":N}` (tests, not suites) to its
// destination, for scripts/test.mjs to add up.
export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') {
      // A suite that fails outside its tests (a hook, a load error) is a failure of its own.
      if (event.type === 'test:fail' && event.data.details.error?.failureType !== 'subtestsFailed') counts.failed += 1;
      continue;
    }
    if (event.data.skip || event.data.todo) counts.skipped += 1;
    else if (event.type === 'test:pass') counts.passed += 1;
    else counts.failed += 1;
  }
  yield JSON.stringify(counts);
}
