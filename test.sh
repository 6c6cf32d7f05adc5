#!/usr/bin/env bash
# Runs every test project and ends with one "N passed, M failed" line (summed from the TRX results).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
results="$here/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build "$here/Bosun.slnx" -c Release --nologo -v quiet -clp:ErrorsOnly
build=$?
if [ $build -ne 0 ]; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
# The bosun binary the E2E tests run is the one ./bosun runs.
"$here/bosun" version >/dev/null || true

dotnet test "$here/Bosun.slnx" -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  c=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$c"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$c")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$c"); t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$c")
  x=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$c")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${t:-0} - ${x:-0}))
done
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then failed=1; echo "dotnet test exited with $status"; fi
[ $skipped -gt 0 ] && echo "$skipped not executed (counted as failed)" && failed=$((failed + skipped))
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
