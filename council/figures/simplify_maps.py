"""Build ``static/maps/vn34_provinces.geojson``: the boundary file the browser draws, a coverage
simplification of ``data/maps/vn34_provinces.geojson`` (neighbours still meet with no gap or
overlap; every part kept, so both archipelagos stay), with only the province code as property.

The browser fetches it once (plotly.js keeps it for the rest of the visit) instead of receiving the
geometry inside every map figure of every rerun. Regenerate after changing the source file:

    pip install "shapely>=2.1"      # the `maps` extra
    python -m council.figures.simplify_maps
"""

from __future__ import annotations

import json
from pathlib import Path

from council.config import DATA_DIR, PROJECT_ROOT

SOURCE = DATA_DIR / "maps" / "vn34_provinces.geojson"
TARGET = PROJECT_ROOT / "static" / "maps" / "vn34_provinces.geojson"
# ~550 m: below one screen pixel on a region's map (about 0.007° a pixel at 560 px for 4° of latitude).
TOLERANCE_DEG = 0.005
DECIMALS = 4  # ~11 m; shared vertices round alike, so borders still coincide


def _rounded(coords):
    if isinstance(coords[0], int | float):
        return [round(coords[0], DECIMALS), round(coords[1], DECIMALS)]
    return [_rounded(c) for c in coords]


def build(source: Path = SOURCE, tolerance: float = TOLERANCE_DEG) -> dict:
    import numpy as np
    import shapely
    from shapely.geometry import mapping, shape

    src = json.loads(source.read_text(encoding="utf-8"))
    geoms = np.array([shape(f["geometry"]) for f in src["features"]])
    simple = shapely.coverage_simplify(geoms, tolerance)
    features = []
    for f, g in zip(src["features"], simple, strict=True):
        geom = mapping(g)
        features.append(
            {
                "type": "Feature",
                "properties": {"code": f["properties"]["code"]},
                "geometry": {
                    "type": geom["type"],
                    "coordinates": _rounded(json.loads(json.dumps(geom["coordinates"]))),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(build(), separators=(",", ":")), encoding="utf-8")
    print(f"wrote {TARGET} ({TARGET.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
