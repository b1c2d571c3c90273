#!/usr/bin/env bash
# Gradescope autograder set-up (runs once, as root, when the autograder image is built):
# Node.js 20 from NodeSource on Gradescope's Ubuntu image, then the npm dependencies exactly as
# package-lock.json states them (npm ci).
set -euo pipefail
SOURCE="${AUTOGRADER_ROOT:-/autograder}/source"
need_node() { ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; }
if need_node; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends ca-certificates curl gnupg
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y -q nodejs
fi
node -e 'if (+process.versions.node.split(".")[0] < 20) { console.error("Node >= 20 needed; got " + process.version); process.exit(1) }'
cd "$SOURCE"
npm ci --no-audit --no-fund
node grader/bin/flowgrade.cjs --version
