#!/bin/sh
# The widget's size budget: what a page loads for records (the small
# module's wasm, its wasm-bindgen script and the loader), gzipped, at most
# 150 KB. Prints the sizes (and the full module's, fetched only for message
# headers and plan()); exits 1 over the budget. Run by build.sh on every
# trunk build (so the build fails) and by ./x test on dist/.
#
#   sh www/widget/budget.sh DIR
set -eu
dir="${1:?the directory holding the built widget}"
budget=$((150 * 1024))
gz() { gzip -9 -c "$dir/$1" | wc -c; }
total=0
for file in dmarc-lens-widget-core_bg.wasm dmarc-lens-widget-core.js dmarc-lens-widget.js; do
  [ -f "$dir/$file" ] || { echo "widget budget: $dir/$file is missing" >&2; exit 1; }
  total=$((total + $(gz "$file")))
done
full=0
for file in dmarc-lens-widget-full_bg.wasm dmarc-lens-widget-full.js; do
  [ -f "$dir/$file" ] && full=$((full + $(gz "$file")))
done
echo "widget: the full module, fetched on first headers or plan(): $full bytes gzipped"
if [ "$total" -gt "$budget" ]; then
  echo "widget: $total bytes gzipped, OVER its budget of $budget by $((total - budget))" >&2
  exit 1
fi
echo "widget: $total bytes gzipped, within its budget of $budget"
