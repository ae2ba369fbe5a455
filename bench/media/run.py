"""Benchmark of the photo pipeline (`chuhai.media.engine`): check, decode, turn upright, re-encode without
metadata, display size and thumbnail, per upload, for typical phone and camera photos; and the bulk ZIP's
directory checks and reads.

    .venv/bin/python bench/media/run.py            # 12 MP, 24 MP and 40 MP JPEGs, a 4 MP PNG, a 12 MP WebP
    .venv/bin/python bench/media/run.py --quick    # 12 MP JPEG and the PNG only

The photos are synthetic (gradients and noise, so that JPEG has detail to encode), made once per run.
Reported per kind: input size, median and p95 time per photo (wall, single thread), photos per second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import platform
import statistics
import time
import zipfile
from importlib.metadata import version
from pathlib import Path

from PIL import Image

from chuhai.media.engine import archive, images

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results" / "media.json"
CASES = [("jpeg_12mp", "JPEG", (4000, 3000)), ("png_4mp", "PNG", (2304, 1728)), ("jpeg_24mp", "JPEG", (6000, 4000)),
         ("webp_12mp", "WEBP", (4000, 3000)), ("jpeg_40mp", "JPEG", (7744, 5164))]
QUICK = {"jpeg_12mp", "png_4mp"}


def photo(kind: str, size: tuple[int, int]) -> bytes:
    base = Image.linear_gradient("L").resize(size).convert("RGB")
    noise = Image.effect_noise(size, 40).convert("RGB")
    image = Image.blend(base, noise, 0.35)
    exif = Image.Exif()
    exif[0x010F] = "Bench camera"
    exif[0x8825] = {1: "N", 2: (36.0, 42.0, 30.0)}
    out = io.BytesIO()
    image.save(out, kind, quality=90, exif=exif.tobytes()) if kind != "PNG" else image.save(out, kind)
    return out.getvalue()


def run_case(name: str, kind: str, size: tuple[int, int], repeats: int) -> dict:
    data = photo(kind, size)
    limits = images.Limits(max_bytes=64 << 20, max_pixels=40_000_000)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = images.process(data, limits)
        times.append(time.perf_counter() - started)
    times.sort()
    return {"case": name, "pixels": size[0] * size[1], "input_bytes": len(data), "repeats": repeats,
            "median_s": round(statistics.median(times), 4), "p95_s": round(times[int(0.95 * (len(times) - 1))], 4),
            "photos_per_s": round(1 / statistics.median(times), 2),
            "display": [result.display.width, result.display.height], "display_bytes": len(result.display.data),
            "thumb_bytes": len(result.thumb.data)}


def run_zip(entries: int) -> dict:
    data = photo("JPEG", (1600, 1200))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for i in range(entries):
            z.writestr(f"SKU{i:04d}_1.jpg", data)
    started = time.perf_counter()
    found = archive.entries(out.getvalue(), archive.ArchiveLimits())
    elapsed = time.perf_counter() - started
    return {"case": f"zip_{entries}_entries", "archive_bytes": len(out.getvalue()), "read_s": round(elapsed, 4),
            "entries": len(found)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    results = [run_case(name, kind, size, 5 if args.quick else 11) for name, kind, size in CASES
               if not args.quick or name in QUICK]
    results.append(run_zip(100 if args.quick else 500))
    for row in results:
        print(json.dumps(row))
    report = {"benchmark": "media", "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
              "machine": {"python": platform.python_version(), "cpu": platform.processor() or platform.machine(),
                          "pillow": version("pillow")}, "quick": args.quick, "results": results}
    target = RESULTS.with_name("media_quick.json") if args.quick else RESULTS
    target.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
