#!/usr/bin/env python3
"""Captures a fixture for the model's tests from a real engine and kernel: Docker's own JSON
(network list, container inspects, through the API on the unix socket) and the kernel's links
(`ip -j -d -s link`, `ip -j addr`, on the host and inside each running container's namespace
via nsenter), converted to the model's ObservedLink shape. Usage: capture-fixture.py OUT.json
Only containers and networks whose name starts with `bst-` are kept (plus the default bridge)."""
import http.client, json, socket, subprocess, sys


class UnixHTTP(http.client.HTTPConnection):
    def __init__(self):
        super().__init__("localhost")

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect("/var/run/docker.sock")


def api(path):
    conn = UnixHTTP()
    conn.request("GET", "/v1.41" + path)
    return json.loads(conn.getresponse().read())


def links(prefix=()):
    run = lambda *args: json.loads(subprocess.check_output([*prefix, "ip", "-j", *args]))
    addrs = {a["ifindex"]: a for a in run("addr")}
    out = []
    for l in run("-d", "-s", "link"):
        flags = l.get("flags", [])
        stats = l.get("stats64", {})
        info = l.get("linkinfo", {})
        out.append({
            "name": l["ifname"],
            "ifindex": l["ifindex"],
            "kind": info.get("info_kind"),
            "controller": index_of(l.get("master"), prefix),
            "peer_ifindex": l.get("link_index"),
            "mac": l.get("address") if l.get("link_type") == "ether" else None,
            "up": "UP" in flags,
            "carrier": "LOWER_UP" in flags,
            "mtu": l.get("mtu", 0),
            "counters": {
                "rx_bytes": stats.get("rx", {}).get("bytes", 0),
                "tx_bytes": stats.get("tx", {}).get("bytes", 0),
                "rx_packets": stats.get("rx", {}).get("packets", 0),
                "tx_packets": stats.get("tx", {}).get("packets", 0),
            },
            "ipv4": [f'{a["local"]}/{a["prefixlen"]}'
                     for a in addrs.get(l["ifindex"], {}).get("addr_info", []) if a["family"] == "inet"],
        })
    return out


def index_of(name, prefix):
    if not name:
        return None
    return json.loads(subprocess.check_output([*prefix, "ip", "-j", "link", "show", name]))[0]["ifindex"]


keep = lambda name: name.lstrip("/").startswith("bst-") or name == "bridge"
networks = [n for n in api("/networks") if keep(n["Name"])]
containers = [api(f'/containers/{c["Id"]}/json') for c in api("/containers/json?all=1") if keep(c["Names"][0])]
namespaces = {c["Id"]: links(("nsenter", "-t", str(c["State"]["Pid"]), "-n"))
              for c in containers if c["State"]["Running"]}
json.dump({"networks": networks, "containers": containers, "host_links": links(), "namespaces": namespaces},
          open(sys.argv[1], "w"), indent=1, sort_keys=True)
print(f"captured {len(networks)} networks, {len(containers)} containers into {sys.argv[1]}")
