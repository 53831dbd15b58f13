#!/usr/bin/env bash
# The test command (npm test): installs the services the tests need, type-checks, lints, and
# runs the unit and integration suites against the real services.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
mkdir -p .test-results
# the server and the web console (dist/console, which the browser tests load); the console's
# bundle sizes are printed
npm run build >.test-results/build.log 2>&1 || { cat .test-results/build.log; exit 1; }
grep -E 'dist/console/.*kB' .test-results/build.log || true
npx tsc -p tsconfig.json --noEmit
npx eslint --quiet .
npx knip
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-results/vitest.json "$@" || status=$?
node scripts/test-summary.mjs .test-results/vitest.json || true
exit $status
