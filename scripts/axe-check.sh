#!/usr/bin/env bash
# Accessibility check of the sample portal: axe-core 4 in Debian's Chromium, every page
# kind (home, category page 1 and 2, article, tag, topic, documents listing, document,
# search)
# at 1280 and 412 px; exits 1 on any serious or critical violation. See docs/accessibility.md.
#
#   scripts/axe-check.sh [DIR] [--screenshots OUTDIR]
#
# With DIR (a portal folder already written) it checks that; without, it renders the
# sample portal into target/portal-axe first. Needs node and chromium
# (apt-get install -y chromium nodejs npm).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-}
if [[ -z "$dir" || "$dir" == --* ]]; then
  dir=target/portal-axe
  cargo run --example portal -- --out "$dir" --per-page 2 --now 2018-12-21T12:00:00+07:00 \
    --search-demo "thi đua" >/dev/null
else
  shift
fi
(cd scripts/axe && npm ci --no-audit --no-fund --silent)
node scripts/axe/axe.mjs "$dir" "$@"
