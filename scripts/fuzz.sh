#!/usr/bin/env bash
# Runs the libFuzzer targets (Sources/RolesAnywhereFuzzTargets) against the parsers that take
# outside bytes, two at a time, then merges what found new coverage into Tests/FuzzCorpus/<target>/
# (which scripts/test.sh replays through the ordinary build). Crashes land in .build-fuzz/crashes/.
# Usage: scripts/fuzz.sh [seconds per target, default 600] [target...]   (default: every target)
set -euo pipefail
source "$(dirname "$0")/lib/dependencies.sh"
cd "$ROLES_ANYWHERE_ROOT"
SECONDS_PER_TARGET="${1:-600}"
shift || true
ensure_build_dependencies

SCRATCH=.build-fuzz
mkdir -p "$SCRATCH"
log "building roles-anywhere-fuzz with -sanitize=fuzzer,address (own build folder: $SCRATCH)..."
swift build --scratch-path "$SCRATCH" --product roles-anywhere-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING > "$SCRATCH/build.log" 2>&1 || { tail -30 "$SCRATCH/build.log" >&2; exit 1; }
FUZZER="$(swift build --scratch-path "$SCRATCH" --show-bin-path)/roles-anywhere-fuzz"

TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    TARGETS=($(ls Tests/FuzzCorpus))
fi
mkdir -p "$SCRATCH/crashes" "$SCRATCH/corpus" "$SCRATCH/logs"

run_target() {
    local target=$1 work="$SCRATCH/corpus/$1"
    mkdir -p "$work"
    FUZZ_TARGET="$target" "$FUZZER" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=4096 \
        -artifact_prefix="$SCRATCH/crashes/$target-" -print_final_stats=1 "$work" "Tests/FuzzCorpus/$target" \
        > "$SCRATCH/logs/$target.log" 2>&1 || true
    FUZZ_TARGET="$target" "$FUZZER" -merge=1 "Tests/FuzzCorpus/$target" "$work" > "$SCRATCH/logs/$target.merge.log" 2>&1 || true
    local runs crashes
    runs=$(awk '/stat::number_of_executed_units/ {print $NF}' "$SCRATCH/logs/$target.log")
    crashes=$(ls "$SCRATCH/crashes" | grep -c "^$target-" || true)
    echo "| $target | ${runs:-?} executions in ${SECONDS_PER_TARGET} s | $crashes crash(es) | $(ls "Tests/FuzzCorpus/$target" | wc -l) corpus inputs |"
}

echo "| target | executions | crashes | corpus |"
echo "| --- | --- | --- | --- |"
for ((i = 0; i < ${#TARGETS[@]}; i += 2)); do
    run_target "${TARGETS[i]}" &
    first=$!
    if [ $((i + 1)) -lt ${#TARGETS[@]} ]; then run_target "${TARGETS[i + 1]}"; fi
    wait "$first"
done
