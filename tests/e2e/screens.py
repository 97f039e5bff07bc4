"""Reference screenshots of the HTML report (issue 19): what the test compares and what
`python3 tools/update_screenshots.py` regenerates. The test never writes the references.

Pixels are compared by the browser itself (a canvas holding both images as data URLs), so the
test needs nothing besides Chromium; a difference counts when a pixel's channel moves by more
than CHANNEL_TOLERANCE, and the images match while under PIXEL_TOLERANCE of pixels differ
(anti-aliasing and font hinting move a few)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from audit.cli import main

ROOT = Path(__file__).resolve().parents[2]
REFERENCES = ROOT / "tests" / "data" / "screenshots"
ARTICLE = "tests/labelled/corpus/01-lithium-refinery-farm.txt"  # relative: the page shows it
HEIGHT = 1400
CHANNEL_TOLERANCE = 48
PIXEL_TOLERANCE = 0.01
BROWSER = shutil.which("chromium-headless-shell") or shutil.which(
    "chromium-headless-shell", path="/usr/bin:/usr/lib/chromium"
)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--disable-background-networking", "--disable-component-update", "--no-first-run",
         "--force-device-scale-factor=1")  # fmt: skip


@dataclass(frozen=True)
class Shot:
    """One reference: the report of `inputs` at `width` px."""

    name: str
    width: int
    inputs: tuple[str, ...]


SHOTS = (
    Shot("article-1280.png", 1280, (ARTICLE,)),
    Shot("article-400.png", 400, (ARTICLE,)),
    Shot("samples-overview-400.png", 400, ("samples",)),
)


ENVIRONMENT = REFERENCES / "environment.json"


def environment() -> dict[str, str]:
    """What the pixels depend on besides the report: the browser's version and the fonts
    installed (fc-list), as a digest. References taken elsewhere are not compared here."""
    version = subprocess.run(
        [BROWSER or "chromium-headless-shell", "--version"],
        capture_output=True, text=True, timeout=60, check=False,
    ).stdout.strip()  # fmt: skip
    fc = shutil.which("fc-list")
    fonts = (
        subprocess.run(
            [fc, ":", "family", "style"], capture_output=True, text=True, timeout=60, check=False
        ).stdout
        if fc
        else ""
    )
    digest = hashlib.sha256("\n".join(sorted(fonts.splitlines())).encode()).hexdigest()[:16]
    return {"browser": version, "fonts": digest}


def chromium(work: Path, *args: str) -> str:
    assert BROWSER is not None
    proc = subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={work / 'profile'}", *args],
        capture_output=True, text=True, timeout=180, check=False, cwd=work,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def take(shot: Shot, work: Path, out: Path) -> Path:
    """Render the shot's report (from the repository root, so paths are the same anywhere)
    and screenshot it into `out`."""
    report = work / f"{shot.name}.html"
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        main(["run", *shot.inputs, "--format", "html", "-o", str(report), "--exit-zero"])
    finally:
        os.chdir(here)
    chromium(work, f"--screenshot={out}", f"--window-size={shot.width},{HEIGHT}",
             report.as_uri())  # fmt: skip
    return out


COMPARE = """<!DOCTYPE html><title>-</title><body><script>
const srcs = [%s, %s];
Promise.all(srcs.map(s => new Promise(ok => { const i = new Image(); i.onload = () => ok(i);
  i.src = 'data:image/png;base64,' + s; }))).then(([a, b]) => {
  if (a.width !== b.width || a.height !== b.height) {
    document.title = JSON.stringify({size: [a.width, a.height, b.width, b.height]}); return; }
  const data = img => { const c = document.createElement('canvas'); c.width = img.width;
    c.height = img.height; const g = c.getContext('2d'); g.drawImage(img, 0, 0);
    return g.getImageData(0, 0, img.width, img.height).data; };
  const x = data(a), y = data(b); let diff = 0;
  for (let i = 0; i < x.length; i += 4) {
    if (Math.abs(x[i] - y[i]) > %d || Math.abs(x[i+1] - y[i+1]) > %d ||
        Math.abs(x[i+2] - y[i+2]) > %d) diff++; }
  document.title = JSON.stringify({differing: diff / (x.length / 4)}); });
</script></body>"""


def differing(a: Path, b: Path) -> dict:
    """The share of pixels that differ between two PNGs (or their sizes, when they differ)."""
    encoded = [json.dumps(base64.b64encode(p.read_bytes()).decode("ascii")) for p in (a, b)]
    tol = (CHANNEL_TOLERANCE,) * 3
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "compare.html"
        page.write_text(COMPARE % (*encoded, *tol), encoding="utf-8")
        dom = chromium(Path(tmp), "--dump-dom", "--virtual-time-budget=10000", page.as_uri())
    title = dom.split("<title>", 1)[1].split("</title>", 1)[0]
    return json.loads(title.replace("&quot;", '"'))
