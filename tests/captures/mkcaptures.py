#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""mkcaptures.py DIR - write the hand-made captures of tests/captures/TESTLIST.

Every frame is built here field by field with struct (no downloads, no
tools): the encapsulations analyze must decode (PPP, PPPoE, stacked VLANs,
IPv6 extension headers, IP fragments, IP length 0 from segmentation
offload), and the traffic that used to mislead it (late segments after a
reset, an out-of-window reset, a SYN retried after a refusal, a sequence
number jump, a server that resets after reading).
"""
import gzip
import os
import struct
import sys

C4, S4 = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
C6 = bytes.fromhex("20010db8000000000000000000000001")
S6 = bytes.fromhex("20010db8000000000000000000000002")
FL = {"F": 1, "S": 2, "R": 4, "P": 8, "A": 16}


def tcp(sport, dport, seq, ack, flags, payload=0, win=65535, opts=b""):
    fl = sum(FL[f] for f in flags)
    off = (20 + len(opts)) // 4
    return struct.pack("!HHIIBBHHH", sport, dport, seq & 0xffffffff, ack & 0xffffffff,
                       off << 4, fl, win, 0, 0) + opts + b"x" * payload


def ip4(src, dst, seg, proto=6, frag=0x4000, totlen=None):
    n = 20 + len(seg) if totlen is None else totlen
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, n, 1, frag, 64, proto, 0, src, dst) + seg


def ip6(src, dst, seg, nxt=6, exthdrs=b"", plen=None):
    n = len(exthdrs) + len(seg) if plen is None else plen
    return struct.pack("!IHBB16s16s", 0x60000000, n, nxt, 64, src, dst) + exthdrs + seg


def eth(payload, etype=0x0800, tags=()):
    h = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01"
    for tpid, vid in tags:
        h += struct.pack("!HH", tpid, vid)
    return h + struct.pack("!H", etype) + payload


def pppoe(payload, proto=0x0021):
    ppp = struct.pack("!H", proto) + payload
    return struct.pack("!BBHH", 0x11, 0, 0x1234, len(ppp)) + ppp


def write(path, linktype, frames, snap=65535):
    """frames: (time in microseconds, frame bytes[, length on the wire])"""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, snap, linktype))
        for fr in frames:
            t, data = fr[0], fr[1]
            wire = fr[2] if len(fr) > 2 else len(data)
            cap = data[:snap]
            f.write(struct.pack("<IIII", t // 1000000, t % 1000000, len(cap), wire) + cap)


def write_pcapng(path, linktype, tsresol, frames):
    """frames: (timestamp in units of the interface's if_tsresol, bytes)"""
    def block(kind, body):
        body += b"\0" * (-len(body) % 4)
        n = 12 + len(body)
        return struct.pack("<II", kind, n) + body + struct.pack("<I", n)
    out = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    opts = struct.pack("<HHB", 9, 1, tsresol) + b"\0\0\0" + struct.pack("<HH", 0, 0)
    out += block(1, struct.pack("<HHI", linktype, 0, 65535) + opts)
    for ts, data in frames:
        pad = b"\0" * (-len(data) % 4)
        out += block(6, struct.pack("<IIIII", 0, ts >> 32, ts & 0xffffffff,
                                    len(data), len(data)) + data + pad)
    with open(path, "wb") as f:
        f.write(out)


def conv(link, a, b, rows, ports=(40000, 80)):
    """rows: (t_us, 'c'|'s', seq, ack, flags, payload[, win]) -> frames"""
    out = []
    for r in rows:
        t, who, seq, ack, flags, n = r[:6]
        win = r[6] if len(r) > 6 else 65535
        sp, dp = ports if who == "c" else ports[::-1]
        src, dst = (a, b) if who == "c" else (b, a)
        out.append((t, link(src, dst, tcp(sp, dp, seq, ack, flags, n, win))))
    return out


def handshake_close(t0=1000):
    """a short orderly conversation: 100 B up, 200 B down, client FIN first"""
    return [(t0, "c", 1000, 0, "S", 0), (t0 + 10, "s", 5000, 1001, "SA", 0),
            (t0 + 20, "c", 1001, 5001, "A", 0), (t0 + 30, "c", 1001, 5001, "PA", 100),
            (t0 + 40, "s", 5001, 1101, "PA", 200), (t0 + 50, "c", 1101, 5201, "FA", 0),
            (t0 + 60, "s", 5201, 1102, "FA", 0), (t0 + 70, "c", 1102, 5202, "A", 0)]


def main(d):
    raw4 = lambda s, t, seg: ip4(s, t, seg)
    eth4 = lambda s, t, seg: eth(ip4(s, t, seg))
    DLT_EN10MB, DLT_RAW, DLT_PPP, DLT_PPP_ETHER = 1, 101, 9, 51

    # A reset, then the peer's data, FIN and RST one round trip later (2 ms):
    # one connection, no phantom.  A new SYN (new ISN) 100 ms later on the
    # same ports is a new connection.
    rows = [(1000, "c", 1000, 0, "S", 0), (1010, "s", 5000, 1001, "SA", 0),
            (1020, "c", 1001, 5001, "A", 0), (1030, "c", 1001, 5001, "PA", 100),
            (1040, "s", 5001, 1101, "A", 0), (1050, "c", 1101, 5001, "RA", 0),
            (3000, "s", 5001, 1101, "PA", 300), (3010, "s", 5301, 1101, "FA", 0),
            (3020, "c", 1101, 0, "R", 0), (5000, "s", 5302, 1101, "FA", 0),
            (101000, "c", 777000, 0, "S", 0), (101010, "s", 9000, 777001, "SA", 0),
            (101020, "c", 777001, 9001, "FA", 0), (101030, "s", 9001, 777002, "FA", 0),
            (101040, "c", 777002, 9002, "A", 0)]
    # meanwhile another connection sends 40 segments (more than any count
    # of frames a tombstone could be limited to)
    busy = [(1100 + 40 * i, "c", 1 + 10 * i, 1, "PA", 10) for i in range(40)]
    fr = conv(raw4, C4, S4, rows) + conv(raw4, C4, S4, busy, (40001, 8080))
    write(f"{d}/rst-late.pcap", DLT_RAW, sorted(fr, key=lambda f: f[0]))

    # An RST far outside the receiver's window (an "evasion" reset), then
    # the conversation goes on and closes in order.
    rows = handshake_close()
    rows.insert(4, (1035, "s", 5001 + 3000000, 0, "R", 0, 0))
    write(f"{d}/rst-out-of-window.pcap", DLT_RAW, conv(raw4, C4, S4, rows))

    # A server that read the whole request and closed with SO_LINGER 0:
    # its RST acknowledges everything, as after unread data.
    rows = [(1000, "c", 1000, 0, "S", 0), (1010, "s", 5000, 1001, "SA", 0),
            (1020, "c", 1001, 5001, "A", 0), (1030, "c", 1001, 5001, "PA", 100),
            (1040, "s", 5001, 1101, "A", 0), (2040, "s", 5001, 1101, "RA", 0)]
    write(f"{d}/server-abort-after-read.pcap", DLT_RAW, conv(raw4, C4, S4, rows))

    # The client resets while the server's last 500 B are unacknowledged,
    # after a zero window, a keep-alive and a retransmission.
    rows = [(1000, "c", 1000, 0, "S", 0), (1010, "s", 5000, 1001, "SA", 0),
            (1020, "c", 1001, 5001, "A", 0), (1030, "c", 1001, 5001, "PA", 100),
            (1040, "s", 5001, 1101, "A", 0, 0), (1050, "c", 1100, 5001, "A", 0),
            (1060, "s", 5001, 1101, "A", 0), (1070, "s", 5001, 1101, "PA", 300),
            (1080, "s", 5001, 1101, "PA", 300), (1090, "s", 5301, 1101, "PA", 500),
            (5090, "c", 1101, 5301, "RA", 0)]
    write(f"{d}/reset-unacked.pcap", DLT_RAW, conv(raw4, C4, S4, rows))

    # A SYN refused, retried twice on the same ports (0.5 s, 1.5 s later).
    rows = []
    for t in (1000, 501000, 1501000):
        rows += [(t, "c", 1000, 0, "S", 0), (t + 10, "s", 0, 1001, "RA", 0)]
    write(f"{d}/syn-retry-refused.pcap", DLT_RAW, conv(raw4, C4, S4, rows))

    # Sequence numbers that jump by 400 MB inside a connection of 10 B
    # segments: only the bytes seen are counted.  Then a segment and its
    # reordered predecessor: both counted, once.
    rows = [(1000, "c", 1000, 0, "S", 0), (1010, "s", 5000, 1001, "SA", 0),
            (1020, "c", 1001, 5001, "PA", 10), (1030, "c", 1011 + 400000000, 5001, "PA", 10),
            (1040, "s", 5001, 1021, "PA", 10), (1050, "s", 5021, 1021, "PA", 10),
            (1060, "s", 5011, 1021, "PA", 10), (1070, "s", 5031, 1021, "FA", 0),
            (1080, "c", 1021 + 400000000, 5032, "FA", 0), (1090, "s", 5032, 1022 + 400000000, "A", 0)]
    write(f"{d}/seq-jump.pcap", DLT_RAW, conv(raw4, C4, S4, rows))

    # PPPoE sessions on Ethernet, and PPP over Ethernet as a link type.
    write(f"{d}/pppoe.pcap", DLT_EN10MB,
          conv(lambda s, t, seg: eth(pppoe(ip4(s, t, seg)), 0x8864), C4, S4, handshake_close()))
    write(f"{d}/ppp.pcap", DLT_PPP,
          conv(lambda s, t, seg: b"\xff\x03\x00\x57" + ip6(s, t, seg), C6, S6, handshake_close()))

    # Two stacked VLAN tags (802.1ad outside, 802.1Q inside), then an ARP
    # and a UDP datagram, which are skipped and counted.
    fr = conv(lambda s, t, seg: eth(ip4(s, t, seg), 0x0800, ((0x88a8, 10), (0x8100, 20))),
              C4, S4, handshake_close())
    fr.append((2000, eth(b"\x00" * 28, 0x0806)))
    fr.append((2010, eth(ip4(C4, S4, struct.pack("!HHHH", 5353, 5353, 12, 0) + b"dns!", proto=17))))
    write(f"{d}/vlan-stacked.pcap", DLT_EN10MB, fr)

    # IPv6 with hop-by-hop and destination options and a fragment header
    # (offset 0) before TCP; one later fragment, which has no TCP header.
    def ext6(s, t, seg):
        hbh = struct.pack("!BB", 60, 0) + b"\x01\x04\x00\x00\x00\x00"  # PadN
        dst = struct.pack("!BB", 44, 0) + b"\x01\x04\x00\x00\x00\x00"
        frag = struct.pack("!BBHI", 6, 0, 0, 0x1234)  # offset 0, M = 0
        return eth(ip6(s, t, seg, 0, hbh + dst + frag), 0x86dd)
    fr = conv(ext6, C6, S6, handshake_close())
    later = struct.pack("!BBHI", 6, 0, (185 << 3), 0x9999) + b"y" * 64
    fr.append((2000, eth(ip6(C6, S6, later, 44), 0x86dd)))
    write(f"{d}/ipv6-ext.pcap", DLT_EN10MB, fr)

    # An IPv4 segment in two fragments: the first (with the TCP header and
    # MF) is analyzed, the second is skipped and counted.
    fr = conv(eth4, C4, S4, handshake_close())
    seg = tcp(40000, 80, 1101, 5201, "PA", 40)
    fr.insert(5, (1045, eth(ip4(C4, S4, seg[:40], frag=0x2000))))
    fr.insert(6, (1046, eth(ip4(C4, S4, seg[40:], frag=5))))
    write(f"{d}/ipv4-frag.pcap", DLT_EN10MB, fr)

    # Segmentation offload: 3000 B handed to the NIC with IP length 0,
    # captured with a snap length that keeps only the headers.
    rows = handshake_close()
    fr = conv(eth4, C4, S4, rows)
    big = eth(ip4(C4, S4, tcp(40000, 80, 1101, 5201, "PA", 3000), totlen=0))
    fr.insert(5, (1045, big[:54], len(big)))
    # the client's FIN and the server's ACKs now come after 3100 B
    fr[6] = (1050, eth4(C4, S4, tcp(40000, 80, 4101, 5201, "FA")))
    fr[7] = (1060, eth4(S4, C4, tcp(80, 40000, 5201, 4102, "FA")))
    fr[8] = (1070, eth4(C4, S4, tcp(40000, 80, 4102, 5202, "A")))
    write(f"{d}/tso-length0.pcap", DLT_EN10MB, fr)

    # pcapng whose interface counts time in seconds (if_tsresol 10^0), at
    # times whose nanoseconds overflow 64 bits: the order stays the
    # capture's (UBSan found the overflow; it put the SYN-ACK first).
    fr = conv(raw4, C4, S4, handshake_close())
    write_pcapng(f"{d}/tsresol.pcapng", DLT_RAW, 0,
                 [(9223372030 + i, f[1]) for i, f in enumerate(fr)])

    # No TCP at all (a UDP datagram and an ARP): nothing to show.
    write(f"{d}/no-tcp.pcap", DLT_EN10MB,
          [(1000, eth(b"\x00" * 28, 0x0806)),
           (1010, eth(ip4(C4, S4, struct.pack("!HHHH", 53, 53, 12, 0) + b"dns!", proto=17)))])

    # gzip-compressed, as Wireshark reads them
    for name in ("pppoe.pcap", "tsresol.pcapng"):
        with open(f"{d}/{name}", "rb") as src, gzip.open(f"{d}/{name}.gz", "wb") as dst:
            dst.write(src.read())


if __name__ == "__main__":
    os.makedirs(sys.argv[1], exist_ok=True)
    main(sys.argv[1])
