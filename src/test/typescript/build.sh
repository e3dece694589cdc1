#!/usr/bin/env bash
# Compiles the TypeScript client generated from the contract, and the buyer's journey written with
# it, with strict TypeScript. Run by the build (mvn verify); skipped, saying so, without Node.js.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "SKIPPED: the TypeScript client is not compiled: Node.js is not installed (apt-get install nodejs npm)"
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
./node_modules/.bin/tsc -p tsconfig.json
echo "TypeScript client and journey compiled with strict TypeScript"
