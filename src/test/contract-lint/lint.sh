#!/usr/bin/env bash
# Lints the contract with Redocly's recommended rules (redocly.yaml) and fails on any error or
# warning. Run by the build (mvn verify); skipped, saying so, without Node.js.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "SKIPPED: the contract is not linted: Node.js is not installed (apt-get install nodejs npm)"
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
contract=../../main/resources/openapi.yaml
if ! ./node_modules/.bin/redocly lint --config redocly.yaml --format stylish "$contract" >lint.out 2>&1; then
  grep -v '[║╔╚]' lint.out
  echo "the contract breaks Redocly's recommended rules (errors above)"
  exit 1
fi
if grep -qE '^\s+[0-9]+:[0-9]+\s+warning' lint.out; then
  grep -v '[║╔╚]' lint.out
  echo "the contract has lint warnings (above): the build accepts none"
  exit 1
fi
rm -f lint.out
echo "contract linted with Redocly's recommended rules: no error, no warning"
