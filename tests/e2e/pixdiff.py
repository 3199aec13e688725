#!/usr/bin/env python3
"""Compares two pictures of the same size pixel by pixel (8-bit RGB/RGBA PNGs).

  pixdiff.py A.png B.png MAX_SHARE [TOL]
Prints the share of pixels where any channel differs by more than TOL
(default 64) and exits 1 when it is above MAX_SHARE. Used to check that a
frame's SVG, rasterised, shows what its PNG shows: edges are anti-aliased
differently by the two renderers, so a small share always differs.
"""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from probe import read_png


def main():
    a, b, most = sys.argv[1], sys.argv[2], float(sys.argv[3])
    tol = int(sys.argv[4]) if len(sys.argv) > 4 else 64
    wa, ha, ba, ra = read_png(a)
    wb, hb, bb, rb = read_png(b)
    if (wa, ha) != (wb, hb):
        print(f"FAIL: sizes differ: {wa}x{ha} and {wb}x{hb}")
        sys.exit(1)
    bad = 0
    for y in range(ha):
        la, lb = ra[y], rb[y]
        for x in range(wa):
            pa, pb = x * ba, x * bb
            if (abs(la[pa] - lb[pb]) > tol or abs(la[pa + 1] - lb[pb + 1]) > tol
                    or abs(la[pa + 2] - lb[pb + 2]) > tol):
                bad += 1
    share = bad / (wa * ha)
    ok = share <= most
    print(f"{'ok' if ok else 'FAIL'}: {share:.4%} of pixels differ by more than {tol} (at most {most:.2%})")
    sys.exit(0 if ok else 1)


main()
