#!/bin/sh
# Usage: setup-gateway.sh PUBLIC_IP SERVER_IP CONTROL_PORT HELPER(on|off) [PORT_RANGE ...]
# DNATs the control port and each passive port range (first:last) from PUBLIC_IP to the server,
# lets the server's own outbound connections out as PUBLIC_IP (as a NAT router does, so active mode
# and bounces are visible), optionally attaches the kernel FTP helper, and deletes the default
# route so nothing leaves the topology.
set -eu
public_ip=$1 server_ip=$2 control_port=$3 helper=$4
shift 4
ip route del default 2>/dev/null || true
iptables -t nat -A PREROUTING -d "$public_ip" -p tcp --dport "$control_port" -j DNAT --to-destination "$server_ip:$control_port"
for range in "$@"; do
  iptables -t nat -A PREROUTING -d "$public_ip" -p tcp --dport "$range" -j DNAT --to-destination "$server_ip"
done
iptables -t nat -A POSTROUTING -s "$server_ip" -p tcp -j SNAT --to-source "$public_ip"
if [ "$helper" = on ]; then
  iptables -t raw -A PREROUTING -p tcp --dport "$control_port" -j CT --helper ftp
fi
echo "gateway: control $public_ip:$control_port -> $server_ip, ranges: ${*:-none}, helper: $helper"
