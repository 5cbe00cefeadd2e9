#!/usr/bin/env bash
# Renders the sample portal and takes the README's phone-width screenshot of the model
# article page with Debian's Chromium (apt-get install -y chromium pngquant). The pages
# link images by site-relative paths, so they are served over a local HTTP server.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --example portal >/dev/null
port=${PORT:-8719}
python3 -m http.server "$port" --bind 127.0.0.1 --directory target/portal >/dev/null 2>&1 &
server=$!
profile=$(mktemp -d)
trap 'kill "$server"; rm -rf "$profile"' EXIT
sleep 1
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --user-data-dir="$profile" --screenshot=/tmp/model-article-full.png \
  --window-size=412,3400 \
  "http://127.0.0.1:$port/tin/khoi-thi-dua-1-so-ket-phong-trao-thi-dua-06-thang-dau-nam-2018.html"
pngquant --quality 60-85 --speed 1 --force --output docs/model-article.png /tmp/model-article-full.png
ls -l docs/model-article.png
