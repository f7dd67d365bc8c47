#!/usr/bin/env bash
# Renders every page of a freshly seeded node (public pages, and the admin
# signed in as a city's editor, an association's moderator, a knowledge
# space's curator and the operator; the main pages also in Arabic and
# Chinese) to docs/screenshots/, through headless Chromium driven by
# ChromeDriver (Debian: apt-get install chromium chromium-driver
# fonts-noto-cjk). The seeding and the list of pages are in
# crates/ecities/tests/screenshots.rs; ECITIES_SCREENSHOTS_DIR writes
# elsewhere.
#   scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ECITIES_REQUIRE_BROWSER=1 cargo test --quiet -p ecities --test e2e screenshots:: -- --ignored --nocapture
