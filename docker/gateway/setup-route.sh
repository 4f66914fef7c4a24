#!/bin/sh
# Usage: setup-route.sh [GATEWAY_IP]
# Without an argument: deletes the default route. With one: routes everything via it.
set -eu
if [ $# -eq 0 ]; then
  ip route del default 2>/dev/null || true
else
  ip route replace default via "$1"
fi
ip route
