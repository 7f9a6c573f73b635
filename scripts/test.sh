#!/usr/bin/env bash
# Runs the whole test suite on this machine: installs what is missing, builds, runs `swift test`.
# Usage: scripts/test.sh [extra swift test arguments, e.g. --filter EmulatorTests]
set -euo pipefail
source "$(dirname "$0")/lib/dependencies.sh"
cd "$ROLES_ANYWHERE_ROOT"

ensure_build_dependencies
ensure_token_dependencies
ensure_tpm_dependencies
ensure_python_tools
# End-to-end tests fail (instead of skipping) when an interop tool is missing.
export ROLES_ANYWHERE_REQUIRE_INTEROP=1

swift build --build-tests
swift test --skip-build "$@"
