#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (tests/fuzz/corpus/<target>/) from the bundled
captures and from a few hand-made inputs. Run from the repository root:

    python3 tests/fuzz/make_seeds.py

The seeds are committed; this script records how they were made. It needs only Python 3's
standard library: it reads classic pcap and pcapng, Ethernet/IPv4/TCP, puts each direction of a
connection in sequence order, and cuts the streams where each target starts (HTTP heads,
WebSocket frames, MQTT bytes)."""

import os
import struct
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
CAPTURES = os.path.join(ROOT, "captures")
CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
MAX_SEED = 4096  # bytes per seed of the stream targets (libFuzzer's default -max_len)


def read_records(path):
    """(link type, [(ts_sec, ts_usec, data)]) of a pcap or pcapng file."""
    blob = open(path, "rb").read()
    magic = blob[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        link = struct.unpack_from("<I", blob, 20)[0]
        pos, records = 24, []
        while pos + 16 <= len(blob):
            sec, usec, caplen, _ = struct.unpack_from("<IIII", blob, pos)
            records.append((sec, usec, blob[pos + 16:pos + 16 + caplen]))
            pos += 16 + caplen
        return link, records
    assert magic == b"\x0a\x0d\x0d\x0a", path
    pos, link, records = 0, 1, []
    while pos + 12 <= len(blob):
        kind, length = struct.unpack_from("<II", blob, pos)
        body = blob[pos + 8:pos + length - 4]
        if kind == 1:
            link = struct.unpack_from("<H", body, 0)[0]
        elif kind == 6:
            _, hi, lo, caplen, _ = struct.unpack_from("<IIIII", body, 0)
            ts = (hi << 32) | lo
            records.append((ts // 1000000, ts % 1000000, body[20:20 + caplen]))
        pos += length
    return link, records


def tcp_segments(records):
    """Ethernet/IPv4/TCP segments: (src, dst, flags, seq, payload)."""
    out = []
    for _, _, frame in records:
        if len(frame) < 14 + 20 or frame[12:14] != b"\x08\x00":
            continue
        ip = frame[14:]
        ihl = (ip[0] & 15) * 4
        total = struct.unpack_from(">H", ip, 2)[0]
        if ip[9] != 6:
            continue
        tcp = ip[ihl:total]
        sport, dport, seq = struct.unpack_from(">HHI", tcp, 0)
        off = (tcp[12] >> 4) * 4
        out.append(((ip[12:16], sport), (ip[16:20], dport), tcp[13], seq, tcp[off:]))
    return out


def streams(segments):
    """{(client, server): [client bytes, server bytes]} in sequence order, SYN sender first."""
    conns, order = {}, []
    for src, dst, flags, seq, payload in segments:
        key = (src, dst) if (src, dst) in conns or (dst, src) not in conns else (dst, src)
        if key not in conns:
            conns[key] = [dict(), dict()]
            order.append(key)
        side = 0 if src == key[0] else 1
        if payload:
            conns[key][side].setdefault(seq, payload)
    result = {}
    for key in order:
        dirs = []
        for pieces in conns[key]:
            data, end = b"", None
            for seq in sorted(pieces):
                if end is not None and seq < end:
                    data += pieces[seq][end - seq:]
                else:
                    data += pieces[seq]
                end = max(end or 0, seq + len(pieces[seq]))
            dirs.append(data)
        result[key] = dirs
    return result


def head_end(data):
    at = data.find(b"\r\n\r\n")
    return -1 if at < 0 else at + 4


def ws_payloads(data, limit):
    """The unmasked payload of the data frames of a WebSocket byte stream."""
    out, pos = b"", 0
    while pos + 2 <= len(data) and len(out) < limit:
        b0, b1 = data[pos], data[pos + 1]
        length, at = b1 & 127, pos + 2
        if length == 126:
            length, at = struct.unpack_from(">H", data, at)[0], at + 2
        elif length == 127:
            length, at = struct.unpack_from(">Q", data, at)[0], at + 8
        key = data[at:at + 4] if b1 & 128 else b"\0\0\0\0"
        at += 4 if b1 & 128 else 0
        payload = bytes(c ^ key[i % 4] for i, c in enumerate(data[at:at + length]))
        if b0 & 15 in (0, 1, 2) and not b0 & 0x40:
            out += payload
        pos = at + length
    return out[:limit]


def write(target, name, data):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def pcap(link, frames):
    out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, link)
    for i, frame in enumerate(frames):
        out += struct.pack("<IIII", 1000 + i, 0, len(frame), len(frame)) + frame
    return out


def first_frames(path, count, max_size):
    """A smaller pcap: the first `count` records no larger than `max_size` bytes."""
    link, records = read_records(path)
    return pcap(link, [r[2] for r in records if len(r[2]) <= max_size][:count])


def pipeline_seeds():
    for name in sorted(os.listdir(CAPTURES)):
        path = os.path.join(CAPTURES, name)
        if not name.endswith((".pcap", ".pcapng")):
            continue
        size = os.path.getsize(path)
        if size <= 25000:
            write("pipeline", name, open(path, "rb").read())
        else:
            write("pipeline", name.split(".")[0] + "-first.pcap", first_frames(path, 40, 2000))
    # Other link types around one MQTT exchange: the frames of seed captures re-wrapped.
    _, records = read_records(os.path.join(CAPTURES, "tcp-mosquitto-v311.pcap"))
    ip_frames = [r[2][14:] for r in records[:12]]
    write("pipeline", "link-raw.pcap", pcap(101, ip_frames))
    write("pipeline", "link-null.pcap", pcap(0, [b"\x02\0\0\0" + f for f in ip_frames]))
    write("pipeline", "link-sll.pcap",
          pcap(113, [b"\0\0\0\1\0\6" + b"\0" * 8 + b"\x08\x00" + f for f in ip_frames]))
    write("pipeline", "link-vlan.pcap",
          pcap(1, [r[2][:12] + b"\x81\x00\x00\x05" + r[2][12:] for r in records[:12]]))
    write("pipeline", "empty.pcap", pcap(1, []))


def stream_seeds():
    http_count = ws_count = mqtt_count = tcp_count = 0
    for name in sorted(os.listdir(CAPTURES)):
        if not name.endswith((".pcap", ".pcapng")) or "large" in name:
            continue
        _, records = read_records(os.path.join(CAPTURES, name))
        segments = tcp_segments(records)
        tcp_count += 1
        write("tcp", name.split(".")[0], tcp_input(segments))
        deflate = "deflate" in name
        for (client, server), (up, down) in streams(segments).items():
            end_up, end_down = head_end(up), head_end(down)
            if up.startswith(b"GET ") and end_up > 0 and end_down > 0:
                http_count += 1
                write("http", "%s-%d" % (name.split(".")[0], http_count),
                      b"\0" + up[:end_up] + down[:end_down])
                # Option bytes: client side masked; deflate with 15-bit windows.
                options = 0x01 | ((0x02 | 7 << 2) if deflate else 0)
                ws_count += 1
                write("websocket", "%s-%d-client" % (name.split(".")[0], ws_count),
                      bytes([options, 0]) + up[end_up:end_up + MAX_SEED])
                write("websocket", "%s-%d-server" % (name.split(".")[0], ws_count),
                      bytes([options & ~1, 0x40]) + down[end_down:end_down + MAX_SEED])
                if not deflate and "v5" in name:
                    mqtt_count += 1
                    write("mqtt", "%s-%d" % (name.split(".")[0], mqtt_count),
                          b"\x10\x00" + ws_payloads(up[end_up:], MAX_SEED))
            elif not up.startswith(b"GET "):
                mqtt_count += 1
                write("mqtt", "%s-%d-client" % (name.split(".")[0], mqtt_count),
                      b"\0\0" + up[:MAX_SEED])
                write("mqtt", "%s-%d-server" % (name.split(".")[0], mqtt_count),
                      b"\xf8\x10" + down[:MAX_SEED])


def tcp_input(segments):
    """The tcp target's encoding: flags, seq, captured length, cut; first connections only."""
    out, first_sender = b"\0", {}
    for src, dst, flags, seq, payload in segments[:400]:
        key = tuple(sorted((src, dst)))
        first_sender.setdefault(key, src)
        index = list(first_sender).index(key) & 3
        bits = (0 if src == first_sender[key] else 1) | (flags & 2) | (4 if flags & 1 else 0)
        bits |= (8 if flags & 4 else 0) | (16 if flags & 16 else 0) | index << 5
        out += struct.pack(">BIHB", bits, seq, min(len(payload), 0x7FF), 0)
    return out


def hand_made_seeds():
    filters = [
        "mqtt.msgtype == PUBLISH and mqtt.topic contains \"temp\"",
        "not mqtt.retain", "ip.src == 10.0.0.0/8", "mqscope.note == \"mqtt.qos_invalid\"",
        "mqtt.topic matches \"^sensors/[a-z]+/temp$\"", "mqtt.msg == 32:31:2e:35",
        "(mqtt.qos >= 1 && mqtt.qos < 2) || !(mqtt.len > 27)", "mqtt.response_time > 0.5",
        "ipv6.src == 2001:db8::1", "eth.src == 00:1b:21:3c:4d:5e", "mqtt.clientid ~ \"(?i)CLI\"",
        "mqtt.msgtype eq \"Publish Message\" or tcp.srcport ne 50000", "mqtt.msgid",
        "mqtt.topic == sensors/kitchen/temp", "mqtt.hdrflags == 0x32", "((mqtt",
        "mqtt.msg contains \"1.5\"", "mqtt.response_to <= 3", "mqtt.topic == \"a\\\"b\\x41\"",
    ]
    for i, text in enumerate(filters):
        write("filter", "filter-%02d" % i, text.encode())
    # MQTT: a Remaining Length of 268,435,455 with a few bytes behind it (MQTT-1.5.5).
    write("mqtt", "max-remaining-length", b"\x00\x00\x30\xff\xff\xff\x7f\x00\x01a")
    # WebSocket: a 64-bit length of 2^63 - 1 (RFC 6455 §5.2), and a small deflated message.
    write("websocket", "length-2-63", b"\x00\x00\x82\x7f\x7f\xff\xff\xff\xff\xff\xff\xff" + b"x" * 10)
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = z.compress(b"\x30\x0b\x00\x03a/bhello" * 40) + z.flush(zlib.Z_SYNC_FLUSH)
    body = body[:-4]
    write("websocket", "deflated", b"\x1e\x00" + bytes([0xc2, 126]) +
          struct.pack(">H", len(body)) + body)


if __name__ == "__main__":
    pipeline_seeds()
    stream_seeds()
    hand_made_seeds()
