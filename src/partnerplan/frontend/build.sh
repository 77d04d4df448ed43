#!/usr/bin/env sh
# Build the front-end files from the npm packages into static/ (run by `make assets`).
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
out="$root/src/partnerplan/static"
mkdir -p "$out/partnerplan" "$out/govuk/assets" "$out/htmx"
"$root/node_modules/.bin/sass" --no-source-map --style=compressed --quiet-deps \
  --load-path="$root/node_modules" \
  "$root/src/partnerplan/frontend/app.scss" "$out/partnerplan/app.css"
cp "$root/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js" "$out/govuk/"
# The stylesheet refers to these images; our pages do not show the crown or crest.
cp -R "$root/node_modules/govuk-frontend/dist/govuk/assets/images" "$out/govuk/assets/"
cp "$root/node_modules/htmx.org/dist/htmx.min.js" "$out/htmx/"
cp "$root/src/partnerplan/frontend/init.js" "$root/src/partnerplan/frontend/favicon.svg" "$out/partnerplan/"
