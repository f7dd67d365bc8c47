#!/usr/bin/env python3
"""Builds the world map the network page draws (crates/ecities_web/data/world.tsv).

Run once, by hand, when the map should change; the output is committed and
compiled into the binary (include_str!), so nothing is fetched at run time.

Source: Natural Earth's Admin 0 country boundaries (public domain), as
packaged in the npm package world-atlas 2.0.2 (ISC): countries-110m.json for
the outlines, countries-50m.json for the position of each country's dot
(the 50m set also has small states such as Singapore or Malta). See
docs/MAP.md.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/world_map.py package > crates/ecities_web/data/world.tsv

Output, one country per line, tab-separated: ISO 3166-1 alpha-2 code (from
crates/ecities_core/data/countries.csv, matched by ISO numeric/M49 code),
the dot's x and y, and the outline as SVG path data (may be empty). The
projection is equirectangular on a 2000-unit-wide canvas, cropped to
latitudes 84°N..58°S (Antarctica left out); coordinates are integers
written as relative moves, which keeps the file near 80 KB.
"""

import csv
import json
import os
import sys

WIDTH = 2000.0
NORTH = 84.0
SOUTH = -58.0
SCALE = WIDTH / 360.0
HEIGHT = round((NORTH - SOUTH) * SCALE)


def project(lon, lat):
    return ((lon + 180.0) * SCALE, (NORTH - lat) * SCALE)


def decode_arcs(topology):
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append(project(x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def polygons(geometry, arcs):
    if geometry["type"] == "Polygon":
        return [[ring_points(r, arcs) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring_points(r, arcs) for r in p] for p in geometry["arcs"]]
    return []


def ring_area_centroid(points):
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-9:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return abs(a) / 2.0, (cx / (3.0 * a), cy / (3.0 * a))


def unwrap(ring):
    """A ring that crosses the antimeridian (Fiji, Chukotka) would be drawn
    with a line across the whole map: its points are moved to the side where
    most of them are, and the canvas clips what passes its edge."""
    if all(abs(b[0] - a[0]) < WIDTH / 2 for a, b in zip(ring, ring[1:])):
        return ring
    east = sum(1 for x, _ in ring if x > WIDTH / 2) * 2 >= len(ring)
    if east:
        return [(x + WIDTH if x < WIDTH / 2 else x, y) for x, y in ring]
    return [(x - WIDTH if x > WIDTH / 2 else x, y) for x, y in ring]


def path_data(polys):
    out = []
    for poly in polys:
        for ring in poly:
            pts = [(round(x), round(y)) for x, y in unwrap(ring)]
            # Drop repeated points (integer rounding makes many).
            dedup = [pts[0]]
            for p in pts[1:]:
                if p != dedup[-1]:
                    dedup.append(p)
            if len(dedup) > 1 and dedup[-1] == dedup[0]:
                dedup.pop()
            if len(dedup) < 3:
                continue
            x, y = dedup[0]
            parts = [f"M{x} {y}l"]
            moves = []
            for nx, ny in dedup[1:]:
                moves.append(f"{nx - x} {ny - y}")
                x, y = nx, ny
            # "1 -2 3 4" → "1-2 3 4": a minus sign separates numbers.
            parts.append(" ".join(moves).replace(" -", "-"))
            parts.append("z")
            out.append("".join(parts))
    return "".join(out)


def main():
    package = sys.argv[1]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    alpha2 = {}
    with open(os.path.join(root, "crates/ecities_core/data/countries.csv"), newline="") as f:
        for row in csv.DictReader(f):
            alpha2[row["m49"]] = row["alpha2"]

    def load(name):
        with open(os.path.join(package, name)) as f:
            topology = json.load(f)
        return topology, decode_arcs(topology)

    fine, fine_arcs = load("countries-50m.json")
    dots = {}
    for g in fine["objects"]["countries"]["geometries"]:
        code = alpha2.get(g.get("id") or "")
        if not code or code == "AQ":
            continue
        best = max((ring_area_centroid(p[0]) for p in polygons(g, fine_arcs) if p), default=None)
        if best:
            dots[code] = best[1]

    coarse, coarse_arcs = load("countries-110m.json")
    paths = {}
    for g in coarse["objects"]["countries"]["geometries"]:
        code = alpha2.get(g.get("id") or "")
        if code == "AQ":
            continue
        d = path_data(polygons(g, coarse_arcs))
        if code:
            paths[code] = paths.get(code, "") + d
        else:
            # Land without an ISO code of ours (N. Cyprus, Somaliland, Kosovo):
            # drawn as land, never highlighted.
            paths["-"] = paths.get("-", "") + d

    print(f"# world map: equirectangular, viewBox 0 0 {int(WIDTH)} {HEIGHT}; generated by scripts/world_map.py")
    for code in sorted(set(dots) | set(paths)):
        x, y = dots.get(code, (-1, -1))
        print(f"{code}\t{round(x)}\t{round(y)}\t{paths.get(code, '')}")


if __name__ == "__main__":
    main()
