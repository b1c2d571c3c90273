#!/usr/bin/env bash
# Gradescope autograder set-up (runs once, as root, when the autograder image is built):
# Node.js 24 (LTS) from NodeSource on Gradescope's Ubuntu image unless Node 20 or newer is
# there, then the npm dependencies exactly as package-lock.json states them (npm ci), without
# install scripts: none is needed (esbuild and zeromq ship their binaries in packages), and
# tfjs-node-gpu's would try a libtensorflow download that fails (no GPU on Gradescope anyway).
set -euo pipefail
SOURCE="${AUTOGRADER_ROOT:-/autograder}/source"
need_node() { ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; }
if need_node; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends ca-certificates curl gnupg
  curl -fsSL https://deb.nodesource.com/setup_24.x | bash -
  apt-get install -y -q nodejs
fi
node -e 'if (+process.versions.node.split(".")[0] < 20) { console.error("Node >= 20 needed; got " + process.version); process.exit(1) }'
cd "$SOURCE"
npm ci --ignore-scripts --no-audit --no-fund
node grader/bin/flowgrade.cjs --version
