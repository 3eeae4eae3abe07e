#!/usr/bin/env bash
# Installs Debian's Chromium and its WebDriver (chromium-driver) for the playground's browser test
# (io.qtp.playground.PlaygroundBrowserIT), which starts its own headless chromedriver + Chromium; nothing is started
# here. Debian's packages only: no browser is downloaded by Selenium or anything else at test time.
# Idempotent; prints one status line on stdout.
set -euo pipefail
me=chromium.sh
. "$(dirname "$0")/apt-tools.sh"

ensure_packages chromium chromium-driver
command -v chromium >/dev/null || die "chromium missing after installing it"
command -v chromedriver >/dev/null || die "chromedriver missing after installing chromium-driver"
version=$(chromium --version 2>/dev/null | awk '{print $2}')
log "ready: chromium $version, $(command -v chromedriver)"
echo "chromium $version"
