#!/usr/bin/env bash
# Server memory per open widget: start the app (Release build) on a fresh data folder, open N widgets
# (each an iframe, i.e. its own Blazor circuit) in one headless chromium page served from another
# origin, and compare the server's memory with one live widget open and with N more: resident memory,
# and the managed heap after a full GC (both from the Development-only /diagnostics/memory). The app runs in the Development
# environment because a build (not a publish) serves its static web assets only there.
# The widgets open in two halves, and the figures are given twice: per widget over all N, and per widget
# of the second half alone (the marginal cost, once code that only becomes hot under load has been
# compiled again by the tiered JIT). Each half runs in its own chromium, which keeps every browser well
# under chromium's limit of about 255 WebSockets.
#   scripts/bench-widget-memory.sh [N=200] [SETTLE_SECONDS=45]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-200}
settle=${2:-45}

dotnet build QwenHelp.Web -c Release -nologo -clp:ErrorsOnly >/dev/null
app=QwenHelp.Web/bin/Release/net10.0/linux-x64/QwenHelp.Web
data=$(mktemp -d); page=$(mktemp -d); profile=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port); web=$(free_port)
cleanup() { kill "${first:-}" "${browser:-}" "${second:-}" "${server:-}" "${static:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$data" "$page" "$profile"; }
trap cleanup EXIT

ASPNETCORE_ENVIRONMENT=Development QwenHelp__Diagnostics__MemoryEndpoint=true QwenHelp__Storage__DataFolder="$data" QwenHelp__Admin__Password=Bench-Admin-Pass1 \
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
half=$(( count / 2 ))
page_of one.html 1
page_of first-half.html "$half"
page_of second-half.html "$(( count - half ))"
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
# Development-only endpoint: memory after a full compacting GC (managed live bytes, GC heap and committed
# memory, resident memory, and resident memory after glibc's malloc_trim has handed free native heap back).
memory() { curl -fs "http://127.0.0.1:$port/diagnostics/memory"; }
status() { awk '/^(Threads|RssAnon|RssFile|RssShmem):/ {printf "\"%s\":%s,", $1, $2}' "/proc/$server/status"; }
snapshot() { # snapshot NAME: the endpoint's figures and /proc's split of resident memory, as one JSON object
  local json; json=$(memory)
  echo "${json%\}},$(status)\"connections\":$(ss -tn state established | grep -c ":$port" || true)}" > "$page/$1.json"
  # Optional: keep /proc/PID/smaps too, to see which mappings grow (SMAPS_DIR=folder).
  if [ -n "${SMAPS_DIR:-}" ]; then cp "/proc/$server/smaps" "$SMAPS_DIR/$1.smaps"; fi
  if [ -n "${SNAPSHOT_HOOK:-}" ]; then $SNAPSHOT_HOOK "$1" "$server"; fi
}
snapshot one

open_browser "$profile/a" "http://127.0.0.1:$web/first-half.html"
browser=$!
sleep "$settle"
snapshot half

open_browser "$profile/b" "http://127.0.0.1:$web/second-half.html"
second=$!
sleep "$settle"
snapshot all
kill "$first" "$second" 2>/dev/null || true

python3 - "$page" "$count" "$half" <<'PY'
import json, sys
folder, count, half = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
one, mid, full = (json.load(open(f"{folder}/{n}.json")) for n in ("one", "half", "all"))
print(f"widgets opened: {count} (established connections to the server: {full['connections']})")
rows = [("managed live heap after a full GC", "managedLiveBytes", 1024), ("GC committed memory", "gcCommittedBytes", 1024),
        ("resident memory", "residentBytes", 1024), ("resident memory after malloc_trim", "residentAfterTrimBytes", 1024),
        ("  of which anonymous (RssAnon)", "RssAnon:", 1), ("  of which JIT code and type data (RssShmem)", "RssShmem:", 1)]
result = {"bench": "widget-memory", "widgets": count}
for label, key, unit in rows:
    a, b, c = (s[key] // unit for s in (one, mid, full))
    over_all, marginal = (c - a) // count, (c - b) // (count - half)
    print(f"{label}: {a} KB with 1 widget, {b} KB with {half}, {c} KB with {count}; per widget {over_all} KB over all, {marginal} KB in the second half")
    name = key.rstrip(":")
    result[name + "PerWidgetKb"], result[name + "MarginalKb"] = over_all, marginal
for label, key in (("methods compiled by the JIT", "compiledMethods"), ("exceptions thrown", "exceptionsThrown")):
    print(f"{label}: {one[key]} with 1 widget, {mid[key]} with {half}, {full[key]} with {count}")
print(json.dumps(result))
PY
