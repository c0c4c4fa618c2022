#!/usr/bin/env python3
"""png-check.py — fails on a blank or broken screenshot (tools/render-html).

usage: png-check.py FILE.png [MIN_BYTES]

Decodes the PNG with zlib (8-bit RGB or RGBA, non-interlaced, as Chromium writes them) and
requires: at least MIN_BYTES bytes (default 20000), a size of at least 400 x 400 pixels, more
than one colour, at least 5 % of the rows holding more than one colour (text and charts, not a
blank or a single-line error page), and at least 1 % of the pixels not the background colour.
"""
import struct
import sys
import zlib


def rows(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = ihdr
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour}, "
                         f"interlace {interlace})")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    prev = bytearray(stride)
    out = []
    for y in range(height):
        start = y * (stride + 1)
        ftype, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        out.append(bytes(line))
        prev = line
    return width, height, bpp, out


def main(argv):
    path = argv[1]
    min_bytes = int(argv[2]) if len(argv) > 2 else 20000
    with open(path, "rb") as f:
        size = len(f.read())
    problems = []
    if size < min_bytes:
        problems.append(f"only {size} bytes (at least {min_bytes} expected)")
    width, height, bpp, lines = rows(path)
    if width < 400 or height < 400:
        problems.append(f"only {width} x {height} pixels")
    background = lines[0][:3]
    busy_rows = other = 0
    colours = set()
    for line in lines:
        px = {line[i:i + 3] for i in range(0, len(line), bpp)}
        colours |= px if len(colours) < 64 else set()
        if len(px) > 1:
            busy_rows += 1
        other += sum(1 for i in range(0, len(line), bpp) if line[i:i + 3] != background)
    if len(colours) < 2:
        problems.append("one colour only: a blank render")
    if busy_rows < 0.05 * height:
        problems.append(f"only {busy_rows} of {height} rows hold anything")
    if other < 0.01 * width * height:
        problems.append(f"only {other} of {width * height} pixels differ from the background")
    for p in problems:
        print(f"png-check: {path}: {p}", file=sys.stderr)
    if problems:
        return 1
    print(f"png-check: {path}: ok ({size} bytes, {width} x {height}, {busy_rows} rows with "
          f"content, {100.0 * other / (width * height):.1f}% non-background pixels)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
