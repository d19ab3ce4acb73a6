// A @web/test-runner reporter that prints `N passed, N failed` after a run and, when
// CTC_COUNT_FILE is set, writes the counts there for scripts/test.mjs to add up. A test file that
// fails to load counts as one failure, so a broken file can never pass as "no tests".
import { writeFileSync } from 'node:fs';

function countSuite(suite, counts) {
  for (const test of suite.tests) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite.suites) countSuite(child, counts);
}

export function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        if (session.testResults) countSuite(session.testResults, counts);
        if (session.errors.length > 0 || (!session.testResults && !session.passed)) counts.failed += 1;
      }
      if (process.env.CTC_COUNT_FILE) writeFileSync(process.env.CTC_COUNT_FILE, JSON.stringify(counts));
      console.log(`${counts.passed} passed, ${counts.failed} failed`);
    },
  };
}
