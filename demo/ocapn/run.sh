#!/bin/sh
# Builds the OCapN handoff demo and runs it (see run.ts and README.md).
set -e
cd "$(dirname "$0")/../.."
# Type errors elsewhere in the tree do not stop tsc from emitting.
npx tsc -p demo/ocapn/tsconfig.json > /dev/null || true
exec node dist/demo/ocapn/run.js
