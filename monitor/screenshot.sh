#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regenerates the README's pictures: slimfaas-monitor under Xvfb on its embedded emulator,
# with real traffic sent by curl (async requests, a few answered by rules, a few waiting in
# the inbox, sync calls and an event), grabbed by the monitor's own --screenshot option.
#
#   monitor/screenshot.sh                  docs/monitor.png (English, 1280x800) and
#                                          docs/monitor-fr.png (French, 1024x700)
#   monitor/screenshot.sh out.png [LANG] [WIDTHxHEIGHT]     one picture
#
# After .ci/build; needs xvfb-run and curl. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
ws_port=${WS_PORT:-45003}
http_port=${HTTP_PORT:-45021}
http=http://127.0.0.1:$http_port

if [ $# -eq 0 ]; then
    "$0" docs/monitor.png C.UTF-8 1280x800
    "$0" docs/monitor-fr.png fr_FR.UTF-8 1024x700
    exit 0
fi
out=$1
lang=${2:-${MONITOR_LANG:-C.UTF-8}}
size=${3:-1280x800}

# Rules and recent connections go to a throwaway configuration, not the user's.
config=$(mktemp -d)
trap 'rm -rf "$config"; kill $(jobs -p) 2>/dev/null || true' EXIT
mkdir -p "$config/SlimFaasQt"
cat > "$config/SlimFaasQt/slimfaas-monitor.conf" <<'CONF'
[answerRules]
rules\1\method=POST
rules\1\path=orders/*
rules\1\kind=1
rules\1\action=0
rules\1\status=200
rules\1\delay=0
rules\2\method=*
rules\2\path=flaky
rules\2\kind=1
rules\2\action=0
rules\2\status=503
rules\2\delay=0
rules\3\method=*
rules\3\path=echo
rules\3\kind=2
rules\3\action=1
rules\3\status=200
rules\3\delay=0
rules\size=3
defaultAction=3
CONF

XDG_CONFIG_HOME=$config LANG=$lang LC_ALL=$lang xvfb-run -a -s "-screen 0 1400x900x24" \
    "$build/monitor/slimfaas-monitor" -geometry "$size+0+0" --function demo --subscribe order-created \
    --emulator-ws-port "$ws_port" --emulator-http-port "$http_port" \
    --screenshot "$out" --screenshot-delay 12 &
monitor=$!

for _ in $(seq 50); do
    curl -fs "$http/status-functions" | grep -q '"demo"' && break
    sleep 0.2
done

json='Content-Type: application/json'
for i in 1 2 3 4 5 6; do
    curl -s -o /dev/null -X POST -H "$json" --data "{\"order\":$i,\"lines\":[{\"sku\":\"A-$i\",\"qty\":2}]}" \
        "$http/async-function/demo/orders/$i?priority=high"
done
curl -s -o /dev/null -X POST -H "$json" --data '{"job":"retry me"}' "$http/async-function/demo/flaky"
curl -s -o /dev/null -X POST -H "$json" --data '{"amount":42.5,"currency":"EUR"}' \
    "$http/async-function/demo/payments/capture?attempt=1"
curl -s -o /dev/null -X DELETE "$http/async-function/demo/customers/17"
curl -s -o /dev/null -X POST -H "$json" --data '{"customer":17}' "$http/publish-event/order-created/hook"
curl -s -o /dev/null -X POST -H 'Content-Type: text/plain' --data 'ping' "$http/function/demo/echo"
# A sync call nobody answers yet: it waits in the inbox while the picture is taken.
curl -s -o /dev/null -m 30 -X POST -H "$json" --data '{"report":"monthly"}' \
    "$http/function/demo/reports/build" &
sleep 1
curl -s -o /dev/null -X POST -H "$json" --data '{"order":7,"lines":[{"sku":"B-7","qty":1}]}' \
    "$http/async-function/demo/orders/7"
wait "$monitor"
echo "Wrote $out"
