#!/usr/bin/env bash
# Server memory per open widget: start the app (Release build) on a fresh data folder, open N widgets
# (each an iframe, i.e. its own Blazor circuit) in one headless chromium page served from another
# origin, and compare the server's resident memory before and after. The app runs in the Development
# environment because a build (not a publish) serves its static web assets only there.
#   scripts/bench-widget-memory.sh [N=200] [SETTLE_SECONDS=45]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-200}
settle=${2:-45}

dotnet build QwenHelp.Web -c Release -nologo -clp:ErrorsOnly >/dev/null
app=QwenHelp.Web/bin/Release/net9.0/linux-x64/QwenHelp.Web
data=$(mktemp -d); page=$(mktemp -d); profile=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port); web=$(free_port)
cleanup() { kill "${browser:-}" "${server:-}" "${static:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$data" "$page" "$profile"; }
trap cleanup EXIT

ASPNETCORE_ENVIRONMENT=Development QwenHelp__Storage__DataFolder="$data" QwenHelp__Admin__Password=Bench-Admin-Pass1 \
  QwenHelp__RateLimits__ChatPerMinutePerClient=0 Logging__LogLevel__Default=Warning \
  "$app" --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.5; done

# A site whose allowed origin is the static page's, written before any widget request loads the site list.
sqlite3 -cmd ".timeout 10000" "$data/qwenhelp.db" "INSERT INTO widget_sites (key, name, allowed_origins, identity_secret, created_at, updated_at) VALUES ('bench', 'Bench', '[\"http://127.0.0.1:$web\"]', 'x', 0, 0);"

{
  echo '<!DOCTYPE html><html><head><meta charset="utf-8"><title>widgets</title></head><body>'
  for i in $(seq 1 "$count"); do echo "<iframe src=\"http://127.0.0.1:$port/widget?site=bench&lang=en\" width=\"300\" height=\"200\"></iframe>"; done
  echo '</body></html>'
} > "$page/index.html"
(cd "$page" && python3 -m http.server "$web" --bind 127.0.0.1 >/dev/null 2>&1) &
static=$!

# One widget first, so the baseline includes everything loaded once (assemblies, caches, JIT).
curl -fs "http://127.0.0.1:$port/widget?site=bench" >/dev/null
sleep 5
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
before=$(rss)

chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
  --remote-debugging-port=0 "http://127.0.0.1:$web/index.html" >/dev/null 2>&1 &
browser=$!
sleep "$settle"
after=$(rss)
circuits=$(ss -tn state established | grep -c ":$port" || true)

per=$(( (after - before) / count ))
echo "widgets opened: $count (established connections to the server: $circuits)"
echo "server resident memory: before ${before} KB, after ${after} KB, per widget ${per} KB"
printf '{"bench":"widget-memory","widgets":%d,"connections":%d,"rssBeforeKb":%d,"rssAfterKb":%d,"perWidgetKb":%d}\n' "$count" "$circuits" "$before" "$after" "$per"
