#!/bin/sh
# Builds the embeddable widget next to the app (Trunk's post_build hook, see
# Trunk.toml): the wasm of www/widget twice (a small module for DNS records,
# and a full one for message headers and plans), their wasm-bindgen ES
# modules, and the hand-written loader, demo and iframe page, all under
# stable names in Trunk's staging directory (then dist/), and fails when
# the widget is over its size budget:
#
#   dmarc-lens-widget.js           the element and the API (what sites link)
#   dmarc-lens-widget.d.ts         TypeScript declarations
#   dmarc-lens-widget-core.js      wasm-bindgen's module, loaded by the above
#   dmarc-lens-widget-core_bg.wasm the WebAssembly: DNS records only
#   dmarc-lens-widget-full.js      the full module (message headers, plan()),
#   dmarc-lens-widget-full_bg.wasm   loaded on their first use
#   embed.html, embed.js           the iframe alternative (#/explain?r=…&k=…)
#   embed-demo.html, embed-demo.css  the demo of every attribute
set -eu
: "${TRUNK_STAGING_DIR:?run by trunk build as a post_build hook}"
source_dir="${TRUNK_SOURCE_DIR:-$(pwd)}"
widget="$source_dir/www/widget"
target_dir="${CARGO_TARGET_DIR:-$source_dir/target}"

opt() {
  if command -v wasm-opt >/dev/null 2>&1; then
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
      -o "$1" "$1"
  else
    echo "build.sh: wasm-opt not found; the widget's wasm is not shrunk (./x installs it)" >&2
  fi
}
# The small module every page loads: DNS records only.
cargo build --quiet --locked -p dmarc-lens-widget --lib --no-default-features --target wasm32-unknown-unknown \
  --profile widget
wasm-bindgen --target web --no-typescript --out-dir "$TRUNK_STAGING_DIR" --out-name dmarc-lens-widget-core \
  "$target_dir/wasm32-unknown-unknown/widget/dmarc_lens_widget.wasm"
opt "$TRUNK_STAGING_DIR/dmarc-lens-widget-core_bg.wasm"
# The full module, fetched on the first message headers or plan() call.
cargo build --quiet --locked -p dmarc-lens-widget --lib --target wasm32-unknown-unknown --profile widget-full
wasm-bindgen --target web --no-typescript --out-dir "$TRUNK_STAGING_DIR" --out-name dmarc-lens-widget-full \
  "$target_dir/wasm32-unknown-unknown/widget-full/dmarc_lens_widget.wasm"
opt "$TRUNK_STAGING_DIR/dmarc-lens-widget-full_bg.wasm"
for file in dmarc-lens-widget.js dmarc-lens-widget.d.ts embed.html embed.js embed-demo.html embed-demo.css; do
  cp "$widget/js/$file" "$TRUNK_STAGING_DIR/$file"
done

# The budget (see budget.sh); without wasm-opt (./x installs it) the wasm is
# not shrunk and its size says nothing.
if command -v wasm-opt >/dev/null 2>&1; then
  sh "$widget/budget.sh" "$TRUNK_STAGING_DIR"
fi
