#!/usr/bin/env bash
# Refresh the web interface's vendored JavaScript/CSS from the npm registry, at the
# pinned versions below, into src/storyline/web/static/vendor/. Pages load only
# these copies (never another origin). Bump a version here, run this, commit.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=src/storyline/web/static/vendor
HTMX=2.0.4
VIS_TIMELINE=7.7.3
UPLOT=1.6.31
SWAGGER=5.18.2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetch() {  # package version -> unpacked in $work/<package>
    local name=$1 version=$2
    (cd "$work" && npm pack --silent "$name@$version" >/dev/null)
    mkdir -p "$work/$name"
    tar -xzf "$work"/"${name//\//-}"-"$version".tgz -C "$work/$name" --strip-components=1
}
fetch htmx.org "$HTMX"
fetch vis-timeline "$VIS_TIMELINE"
fetch uplot "$UPLOT"
fetch swagger-ui-dist "$SWAGGER"
rm -rf "$DEST" && mkdir -p "$DEST"/{htmx,vis-timeline,uplot,swagger-ui}
cp "$work/htmx.org/dist/htmx.min.js" "$work/htmx.org/LICENSE" "$DEST/htmx/"
cp "$work/vis-timeline/standalone/umd/vis-timeline-graph2d.min.js" \
   "$work/vis-timeline/styles/vis-timeline-graph2d.min.css" "$DEST/vis-timeline/"
cp "$work"/vis-timeline/LICENSE* "$DEST/vis-timeline/"
cp "$work/uplot/dist/uPlot.iife.min.js" "$work/uplot/dist/uPlot.min.css" "$work/uplot/LICENSE" "$DEST/uplot/"
cp "$work/swagger-ui-dist/swagger-ui-bundle.js" "$work/swagger-ui-dist/swagger-ui.css" "$work/swagger-ui-dist/LICENSE" "$DEST/swagger-ui/"
cat > "$DEST/LICENSES.md" <<MD
# Vendored front-end packages

Copied from the npm registry by \`scripts/vendor_static.sh\` (do not edit by hand).

| package | version | licence | files |
|---|---|---|---|
| htmx.org | $HTMX | 0BSD (htmx/LICENSE) | htmx.min.js |
| vis-timeline | $VIS_TIMELINE | Apache-2.0 or MIT, dual (vis-timeline/LICENSE.md) | standalone UMD build and its CSS |
| uplot | $UPLOT | MIT (uplot/LICENSE) | uPlot.iife.min.js, uPlot.min.css |
| swagger-ui-dist | $SWAGGER | Apache-2.0 (swagger-ui/LICENSE) | swagger-ui-bundle.js, swagger-ui.css |
MD
echo "vendored into $DEST"
