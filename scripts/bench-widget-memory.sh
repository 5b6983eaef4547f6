#!/usr/bin/env bash
# Server memory per open widget: start the app (Release build) on a fresh data folder, open N widgets
# (each an iframe, i.e. its own Blazor circuit) in one headless chromium page served from another
# origin, and compare the server's memory with one live widget open and with N more: resident memory,
# and the managed heap after a full GC (both from the Development-only /diagnostics/memory). The app runs in the Development
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
cleanup() { kill "${first:-}" "${browser:-}" "${server:-}" "${static:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$data" "$page" "$profile"; }
trap cleanup EXIT

ASPNETCORE_ENVIRONMENT=Development QwenHelp__Storage__DataFolder="$data" QwenHelp__Admin__Password=Bench-Admin-Pass1 \
  QwenHelp__RateLimits__ChatPerMinutePerClient=0 Logging__LogLevel__Default=Warning \
  "$app" --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.5; done

# A site whose allowed origin is the static page's, written before any widget request loads the site list.
sqlite3 -cmd ".timeout 10000" "$data/qwenhelp.db" "INSERT INTO widget_sites (key, name, allowed_origins, identity_secret, created_at, updated_at) VALUES ('bench', 'Bench', '[\"http://127.0.0.1:$web\"]', 'x', 0, 0);"

page_of() { # page_of FILE N: a page with N widget iframes
  {
    echo '<!DOCTYPE html><html><head><meta charset="utf-8"><title>widgets</title></head><body>'
    for i in $(seq 1 "$2"); do echo "<iframe src=\"http://127.0.0.1:$port/widget?site=bench&lang=en\" width=\"300\" height=\"200\"></iframe>"; done
    echo '</body></html>'
  } > "$page/$1"
}
page_of one.html 1
page_of many.html "$count"
(cd "$page" && exec python3 -m http.server "$web" --bind 127.0.0.1 >/dev/null 2>&1) &
static=$!
open_browser() { # open_browser PROFILE URL
  chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$1" \
    --remote-debugging-port=0 "$2" >/dev/null 2>&1 &
}

# One live widget first (a real circuit, not just the prerendered page), so the baseline includes
# everything loaded once: assemblies, the JIT's code for circuits and SignalR, caches.
open_browser "$profile/one" "http://127.0.0.1:$web/one.html"
first=$!
sleep 20
# Development-only endpoint: memory after a full compacting GC (managed live bytes, GC heap, committed, RSS).
memory() { curl -fs "http://127.0.0.1:$port/diagnostics/memory"; }
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]] // 1024)" "$1" "$2"; }
before_json=$(memory)
status() { awk '/^(Threads|RssAnon|RssFile|RssShmem):/ {printf "%s %s ", $1, $2}' "/proc/$server/status"; }
before_status=$(status)

open_browser "$profile/many" "http://127.0.0.1:$web/many.html"
browser=$!
sleep "$settle"
after_json=$(memory)
after_status=$(status)
circuits=$(ss -tn state established | grep -c ":$port" || true)
kill "$first" 2>/dev/null || true

before=$(field "$before_json" residentBytes); after=$(field "$after_json" residentBytes)
managed_before=$(field "$before_json" managedLiveBytes); managed_after=$(field "$after_json" managedLiveBytes)
per=$(( (after - before) / count ))
managed_per=$(( (managed_after - managed_before) / count ))
echo "widgets opened: $count (established connections to the server: $circuits)"
echo "after a full GC: managed live heap before ${managed_before} KB, after ${managed_after} KB, per widget ${managed_per} KB"
committed_before=$(field "$before_json" gcCommittedBytes); committed_after=$(field "$after_json" gcCommittedBytes)
echo "GC committed memory: before ${committed_before} KB, after ${committed_after} KB, per widget $(( (committed_after - committed_before) / count )) KB"
echo "server resident memory: before ${before} KB, after ${after} KB, per widget ${per} KB"
echo "threads and resident memory by kind (KB), before: ${before_status}"
echo "                                          after:  ${after_status}"
printf '{"bench":"widget-memory","widgets":%d,"connections":%d,"rssBeforeKb":%d,"rssAfterKb":%d,"perWidgetKb":%d,"managedBeforeKb":%d,"managedAfterKb":%d,"managedPerWidgetKb":%d}\n' \
  "$count" "$circuits" "$before" "$after" "$per" "$managed_before" "$managed_after" "$managed_per"
