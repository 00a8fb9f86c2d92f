#!/usr/bin/env bash
# Builds Orrery and runs every test project. Ends with one line: "N passed, N failed, N skipped".
# Needs only the .NET SDK; servers for adapter contract suites are set up by scripts/test-servers.sh
# when present (ORRERY_REQUIRE_SERVERS=1 makes a missing server a failure instead of a skip).
set -uo pipefail
cd "$(dirname "$0")"

results="$PWD/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

summary() { echo "$1 passed, $2 failed, $3 skipped"; }

if ! dotnet build Orrery.slnx -c Release -nologo -clp:ErrorsOnly; then
  echo "build failed"
  summary 0 1 0
  exit 1
fi

if [ -x scripts/test-servers.sh ]; then
  # shellcheck disable=SC1091
  source scripts/test-servers.sh
  trap test_servers_stop EXIT
  test_servers_start || { [ "${ORRERY_REQUIRE_SERVERS:-0}" = "1" ] && { summary 0 1 0; exit 1; }; }
fi

# Every node the tests start (in process or as the real binary) exports the game-runtime model it learned here on
# shutdown, merged with what the others wrote (SPEC §9: Orrery checks its own lifecycle).
models="$results/spex-models"
export Orrery__Specs__ModelExportDirectory="$models"

status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  if ! dotnet test "$project" -c Release --no-build -nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
      --results-directory "$results"; then
    status=1
    [ -f "$results/$name.trx" ] || { echo "$name produced no results (test host crashed?)"; echo "$name" >> "$results/crashed"; }
  fi
done

# The model the whole suite learned must be branching bisimilar to specs/game-runtime.spex: a transition the code
# makes outside the table, or one no test exercises, fails the run with its trace.
echo "== lifecycle model (orrery spex check)"
lifecycle_failed=0
if ! src/Orrery/bin/Release/net10.0/orrery spex check "$models" --specs specs; then
  lifecycle_failed=1
  status=1
  echo "FAILED lifecycle model: the game-runtime model learned by the tests is not the one of specs/game-runtime.spex"
fi

# Sum the counters of every TRX file (skipped tests are counted as notExecuted).
count() { grep -ho "<Counters [^>]*" "$results"/*.trx 2>/dev/null | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' | awk '{ s += $1 } END { print s + 0 }'; }
passed=$(count passed); failed=$(count failed); skipped=$(count notExecuted)
passed=$(( ${passed:-0} + 1 - lifecycle_failed )); failed=$(( ${failed:-0} + lifecycle_failed ))

# Name each failed test with the head of its message, so that a log cut to its tail still says what failed.
failures() {
  awk 'function text(s) {
      gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s)
      gsub(/&#xD;/, "", s); gsub(/&#xA;/, "\n", s); gsub(/&amp;/, "\\&", s)
      return s
    }
    BEGIN { RS = "</UnitTestResult>" }
    /<UnitTestResult [^>]*outcome="Failed"/ {
      name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name)
      message = ""
      if (match($0, /<Message>[^<]*<\/Message>/)) message = substr($0, RSTART + 9, RLENGTH - 19)
      print "FAILED " text(name)
      n = split(text(message), lines, "\n")
      for (i = 1; i <= n && i <= 40; i++) print "  " lines[i]
      if (n > 40) print "  ... (" n - 40 " more lines in " FILENAME ")"
    }' "$results"/*.trx 2>/dev/null
}
[ "${failed:-0}" -gt 0 ] && failures
crashed=0
[ -f "$results/crashed" ] && crashed=$(wc -l < "$results/crashed")
failed=$(( ${failed:-0} + crashed ))
summary "${passed:-0}" "$failed" "${skipped:-0}"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
