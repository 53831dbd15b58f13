#!/usr/bin/env bash
# The test command (npm test): installs the services the tests need, type-checks, lints, and
# runs the unit and integration suites against the real services.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
npm run build >/dev/null
npx tsc -p tsconfig.json --noEmit
npx eslint --quiet .
mkdir -p .test-results
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-results/vitest.json "$@" || status=$?
node scripts/test-summary.mjs .test-results/vitest.json || true
exit $status
