#!/usr/bin/env python3
"""Captures a /proc fixture for the doctor's unit tests from a live private network namespace.

Run as root:  unshare -n sh -c 'ip link set lo up && python3 capture-fixture.py SCENARIO OUTDIR'
It sets the namespace's ip_local_port_range and tcp_tw_reuse, opens real connections, copies
/proc/net/tcp and /proc/net/tcp6 and the two sysctls into OUTDIR laid out like /proc, then appends
lines for connections to non-loopback addresses (a namespace without devices cannot make those),
formatted as the kernel formats them (little-endian words, as on x86).
"""
import os, socket, sys, threading, time

def sysctl(name, value):
    with open('/proc/sys/net/ipv4/' + name, 'w') as f:
        f.write(value)

class Server:
    """Accepts connections and keeps them open until close_all(): the client closes first, as a proxy does."""
    def __init__(self, family, host, port):
        self.sock = socket.socket(family)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, port))
        self.sock.listen(4096)
        self.accepted = []
        threading.Thread(target=self.loop, daemon=True).start()
    def loop(self):
        while True:
            c, _ = self.sock.accept()
            self.accepted.append(c)
    def wait_for(self, n):
        deadline = time.time() + 10
        while len(self.accepted) < n and time.time() < deadline:
            time.sleep(0.01)
        assert len(self.accepted) >= n, (len(self.accepted), n)
    def close_accepted(self):
        for c in self.accepted:
            c.close()
        self.accepted = []

def connect(family, host, port, source=None):
    c = socket.socket(family)
    if source:
        c.bind((source, 0))
    c.connect((host, port))
    return c

def time_wait(server, family, host, port, n, source=None):
    """n connections closed by the client first, so TIME_WAIT lands on the client's ephemeral port."""
    clients = [connect(family, host, port, source) for _ in range(n)]
    server.wait_for(n)
    for c in clients:
        c.close()
    time.sleep(0.3)
    server.close_accepted()
    time.sleep(0.3)

def established(server, family, host, port, n, keep, source=None):
    for _ in range(n):
        keep.append(connect(family, host, port, source))
    server.wait_for(n)

V4, V6 = socket.AF_INET, socket.AF_INET6

def healthy(keep):
    sysctl('ip_local_port_range', '32768 60999'); sysctl('tcp_tw_reuse', '2')
    pg = Server(V4, '127.0.0.1', 5432)
    web = Server(V4, '0.0.0.0', 8080)
    grpc = Server(V6, '::', 9090)
    test = Server(V4, '127.0.0.1', 0)      # a server on an ephemeral port: its accepted ends are in the range too
    time_wait(web, V4, '127.0.0.1', 8080, 3)
    established(pg, V4, '127.0.0.1', 5432, 12, keep)
    established(web, V4, '127.0.0.1', 8080, 2, keep)
    established(grpc, V6, '::1', 9090, 2, keep)
    established(test, V4, '127.0.0.1', test.sock.getsockname()[1], 3, keep)
    return [pg, web, grpc, test]

def exhausted(keep):
    sysctl('ip_local_port_range', '40000 40999'); sysctl('tcp_tw_reuse', '0')
    app = Server(V4, '127.0.0.1', 3000)
    pg = Server(V4, '127.0.0.1', 5432)
    time_wait(app, V4, '127.0.0.1', 3000, 850)
    established(app, V4, '127.0.0.1', 3000, 50, keep)
    established(pg, V4, '127.0.0.1', 5432, 20, keep)
    return [app, pg]

def ipv6(keep):
    sysctl('ip_local_port_range', '40000 40999'); sysctl('tcp_tw_reuse', '2')
    dual = Server(V6, '::', 3001)          # accepts IPv4 too: those appear as ::ffff:127.0.0.1
    six = Server(V6, '::1', 3002)
    time_wait(dual, V6, '::ffff:127.0.0.1', 3001, 3)
    established(dual, V6, '::ffff:127.0.0.1', 3001, 6, keep)
    established(dual, V4, '127.0.0.1', 3001, 2, keep)          # same destination through /proc/net/tcp
    established(dual, V4, '127.0.0.1', 3001, 1, keep, source='127.0.0.2')
    time.sleep(2.5)                        # the TIME_WAIT ports to 3001 are now old enough to reuse; those to 3002 will not be
    time_wait(six, V6, '::1', 3002, 4)
    established(six, V6, '::1', 3002, 7, keep)
    return [dual, six]

def v4_hex(address):
    b = socket.inet_aton(address)
    return '%02X%02X%02X%02X' % (b[3], b[2], b[1], b[0])

def v6_hex(address):
    b = socket.inet_pton(V6, address)
    return ''.join('%02X%02X%02X%02X' % (b[i + 3], b[i + 2], b[i + 1], b[i]) for i in range(0, 16, 4))

def foreign_lines(start, encode, pairs):
    """Kernel-formatted ESTABLISHED lines for connections between non-loopback addresses."""
    lines = []
    for i, (local, lport, remote, rport) in enumerate(pairs):
        lines.append('%4d: %s:%04X %s:%04X 01 00000000:00000000 00:00000000 00000000  1000        0 %d 1 0000000000000000 20 4 30 10 -1\n'
                     % (start + i, encode(local), lport, encode(remote), rport, 2000000 + i))
    return lines

def main():
    scenario, out = sys.argv[1], sys.argv[2]
    keep = []
    servers = globals()[scenario](keep)
    time.sleep(0.5)
    os.makedirs(out + '/net', exist_ok=True)
    os.makedirs(out + '/sys/net/ipv4', exist_ok=True)
    tcp = open('/proc/net/tcp').readlines()
    tcp6 = open('/proc/net/tcp6').readlines()
    if scenario == 'healthy':
        tcp += foreign_lines(len(tcp) - 1, v4_hex, [('10.0.0.5', 41822, '10.0.0.9', 443), ('10.0.0.5', 41830, '10.0.0.9', 443),
                                                     ('192.168.1.20', 55012, '10.1.2.3', 5432)])
        tcp6 += foreign_lines(len(tcp6) - 1, v6_hex, [('2001:db8::5', 39100, '2001:db8::9', 443),
                                                       ('fe80::1', 40022, 'fe80::2', 8080)])
    open(out + '/net/tcp', 'w').writelines(tcp)
    open(out + '/net/tcp6', 'w').writelines(tcp6)
    for name in ('ip_local_port_range', 'tcp_tw_reuse'):
        open(out + '/sys/net/ipv4/' + name, 'w').write(open('/proc/sys/net/ipv4/' + name).read())

main()
