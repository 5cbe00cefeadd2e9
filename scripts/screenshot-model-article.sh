#!/usr/bin/env bash
# Renders the sample portal and takes the README's phone-width screenshot of the model
# article page with Debian's Chromium (apt-get install -y chromium pngquant).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --example portal >/dev/null
profile=$(mktemp -d)
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --user-data-dir="$profile" --screenshot=/tmp/model-article-full.png \
  --window-size=412,2800 \
  "file://$PWD/target/portal/tin/khoi-thi-dua-1-so-ket-phong-trao-thi-dua-06-thang-dau-nam-2018.html"
rm -rf "$profile"
pngquant --quality 60-85 --speed 1 --force --output docs/model-article.png /tmp/model-article-full.png
ls -l docs/model-article.png
