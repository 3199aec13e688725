#!/usr/bin/env python3
"""Pixel probes on a frame of a run: reads the district outlines (frame pixels)
from the series' maps/outlines.json, a point inside each district, and the PNG's
pixel there.
Prints, per requested pcode prefix, the share of districts whose pixel has the
expected colour.

  probe.py maps/outlines.json frame.png PREFIX=#rrggbb[@SHARE] ...
(exit 1 when a share is below SHARE, default 0.9: names and markers cover
some small districts)
"""
import json, struct, sys, zlib


def read_png(path):
    data = open(path, 'rb').read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    i, idat, w = 8, b'', 0
    while i < len(data):
        n, t = struct.unpack('>I4s', data[i:i + 8])
        body = data[i + 8:i + 8 + n]
        if t == b'IHDR':
            w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
            assert depth == 8 and ctype in (2, 6), 'want 8-bit RGB(A)'
            bpp = 3 if ctype == 2 else 4
        elif t == b'IDAT':
            idat += body
        i += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def inside(ring, x, y):
    c = False
    for i in range(0, len(ring), 2):
        x1, y1, x2, y2 = ring[i - 2], ring[i - 1], ring[i], ring[i + 1]
        if (y2 > y) != (y1 > y) and x < (x1 - x2) * (y - y2) / (y1 - y2) + x2:
            c = not c
    return c


def interior_points(rings):
    """Points well inside the largest ring: on five rows across it, the middle
    of each row's widest inside span (scan lines). Labels, markers and lines
    may cover one of them, not all."""
    ring = max(rings, key=len)
    ys = ring[1::2]
    pts = []
    for frac in (0.5, 0.35, 0.65, 0.25, 0.75):
        y = min(ys) + (max(ys) - min(ys)) * frac + 0.5
        xs = sorted(ring[i - 2] + (y - ring[i - 1]) * (ring[i] - ring[i - 2]) / (ring[i + 1] - ring[i - 1])
                    for i in range(0, len(ring), 2)
                    if (ring[i + 1] > y) != (ring[i - 1] > y))
        spans = [(b - a, (a + b) / 2) for a, b in zip(xs[0::2], xs[1::2])]
        if spans:
            width, x = max(spans)
            if width >= 4:
                pts.append((x, y))
    return pts


def main():
    page, png, wants = sys.argv[1], sys.argv[2], sys.argv[3:]
    districts = json.load(open(page, encoding='utf-8'))
    w, h, bpp, rows = read_png(png)
    bad = 0
    for want in wants:
        prefix, colour = want.split('=')
        colour, _, need = colour.partition('@')
        need = float(need) if need else 0.9
        rgb = tuple(int(colour[k:k + 2], 16) for k in (1, 3, 5))
        hits = total = 0
        for d in districts['d']:
            if not d['p'].startswith(prefix):
                continue
            total += 1
            for x, y in interior_points(d['r']):
                px = rows[int(y)][int(x) * bpp:int(x) * bpp + 3]
                if all(abs(px[k] - rgb[k]) <= 24 for k in range(3)):
                    hits += 1
                    break
        share = hits / total if total else 0
        ok = share >= need
        bad += not ok
        print(f"{'ok' if ok else 'FAIL'}: {prefix}: {hits}/{total} districts in {colour}")
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
