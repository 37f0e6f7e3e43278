#!/usr/bin/env bash
# Rebuild every vendored front-end asset under static/vendor/ from the npm
# registry. npm is only needed to run this script, never at run time.
# All npm work happens in a throw-away temp dir; nothing npm-related is written
# into the repo apart from the output files listed in static/vendor/README.md.
#
# Usage: bash static/vendor/build.sh   (from anywhere; needs node >= 20.19 + npm)
set -euo pipefail

GOVUK_FRONTEND_VERSION=6.6.0
HTMX_VERSION=2.0.11
AXE_CORE_VERSION=4.14.1
SASS_VERSION=1.108.2

VENDOR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/fe-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm init -y >/dev/null
# --ignore-scripts: nothing here needs an install script (sass is pure JS; its
# optional @parcel/watcher is only used by `sass --watch`).
npm install --no-audit --no-fund --ignore-scripts --save-exact \
  "govuk-frontend@${GOVUK_FRONTEND_VERSION}" \
  "htmx.org@${HTMX_VERSION}" \
  "axe-core@${AXE_CORE_VERSION}" \
  "sass@${SASS_VERSION}"

GF="$WORK/node_modules/govuk-frontend/dist/govuk"

# 1. GOV.UK Frontend: CSS compiled from Sass without GDS Transport.
mkdir -p "$VENDOR/govuk"
cp "$VENDOR/govuk/build/govuk.scss" "$WORK/govuk.scss"
npx --no-install sass --pkg-importer=node --style=compressed --no-source-map \
  --quiet-deps "$WORK/govuk.scss" "$VENDOR/govuk/govuk-frontend.min.css"

if grep -qiE 'GDS Transport|gds-transport|assets/fonts/|\.woff2?' "$VENDOR/govuk/govuk-frontend.min.css"; then
  echo "ERROR: compiled CSS still references the GDS Transport font" >&2
  exit 1
fi

# JS bundle (+ its source map, because the bundle ends with a
# sourceMappingURL comment and Django's ManifestStaticFilesStorage fails
# collectstatic if the referenced map file is missing).
cp "$GF/govuk-frontend.min.js" "$GF/govuk-frontend.min.js.map" "$VENDOR/govuk/"

# Assets minus fonts/.
rm -rf "$VENDOR/govuk/assets"
mkdir -p "$VENDOR/govuk/assets"
for entry in "$GF/assets/"*; do
  [ "$(basename "$entry")" = fonts ] && continue
  cp -R "$entry" "$VENDOR/govuk/assets/"
done

# 2. htmx
mkdir -p "$VENDOR/htmx"
cp "$WORK/node_modules/htmx.org/dist/htmx.min.js" "$VENDOR/htmx/htmx.min.js"
cp "$WORK/node_modules/htmx.org/LICENSE" "$VENDOR/htmx/LICENSE"

# 3. axe-core
mkdir -p "$VENDOR/axe"
cp "$WORK/node_modules/axe-core/axe.min.js" "$VENDOR/axe/axe.min.js"
cp "$WORK/node_modules/axe-core/LICENSE" "$VENDOR/axe/LICENSE"
cp "$WORK/node_modules/axe-core/LICENSE-3RD-PARTY.txt" "$VENDOR/axe/LICENSE-3RD-PARTY.txt"

echo "Vendored assets rebuilt in $VENDOR:"
( cd "$VENDOR" && find . -type f ! -path './govuk/build/*' ! -name README.md ! -name build.sh | sort | xargs ls -l )
