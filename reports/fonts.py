"""The board pack's fonts: TrueType files the system installs, embedded (subset) in every PDF.

reportlab's built-in CID font (STSong-Light) is not embedded: a reader without it shows boxes (the "·" of the old
one-page PDF did). Noto Sans CJK, which the project installs for charts, has CFF outlines that reportlab cannot
embed; WenQuanYi Micro Hei (Debian ``fonts-wqy-microhei``, TrueType outlines in a .ttc: its first face is read) can.
Latin text is set in DejaVu Sans (``fonts-dejavu-core``), and a run of characters the chosen font lacks (Chinese in
an English pack: a region's name, a note) is set in the other font, so nothing prints as a box.

``REPORT_FONT_LATIN``, ``REPORT_FONT_LATIN_BOLD``, ``REPORT_FONT_CJK`` name other files (a .ttf, or a .ttc whose
first face has TrueType outlines)."""

from __future__ import annotations

import os
import subprocess
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

LATIN, LATIN_BOLD, CJK = "PackSans", "PackSans-Bold", "PackCJK"
CANDIDATES: dict[str, tuple[tuple[str, str], ...]] = {  # font name -> (file, fontconfig pattern) tried in order
    LATIN: (("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", ":family=DejaVu Sans:style=Book"),),
    LATIN_BOLD: (("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", ":family=DejaVu Sans:style=Bold"),),
    CJK: (("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", ":family=WenQuanYi Micro Hei"),
          ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", ":family=WenQuanYi Zen Hei"),
          ("/usr/share/fonts/truetype/arphic/uming.ttc", ":family=AR PL UMing CN")),
}
ENVIRONMENT = {LATIN: "REPORT_FONT_LATIN", LATIN_BOLD: "REPORT_FONT_LATIN_BOLD", CJK: "REPORT_FONT_CJK"}
INSTALL = "install the Debian packages fonts-dejavu-core and fonts-wqy-microhei (scripts/install-system.sh)"


class FontMissing(RuntimeError):
    """No usable TrueType file for one of the pack's fonts."""


def _fc_list(pattern: str) -> list[Path]:
    """Files fontconfig lists for ``pattern`` (``:family=DejaVu Sans:style=Bold``), TrueType ones only."""
    try:
        found = subprocess.run(["fc-list", pattern, "file"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return []
    files = [Path(line.split(":")[0].strip()) for line in found.stdout.splitlines() if line.strip()]
    return sorted(f for f in files if f.suffix.lower() in (".ttf", ".ttc"))


def _file(name: str) -> Path:
    chosen = os.environ.get(ENVIRONMENT[name])
    if chosen and Path(chosen).is_file():
        return Path(chosen)
    for path, pattern in CANDIDATES[name]:
        if Path(path).is_file():
            return Path(path)
        listed = _fc_list(pattern)
        if listed:
            return listed[0]
    raise FontMissing(f"no font file for the board pack's {name}: {INSTALL}")


@cache
def register() -> dict[str, TTFont]:
    """Register the three fonts with reportlab once per process; their objects by name."""
    fonts = {}
    for name in (LATIN, LATIN_BOLD, CJK):
        path = _file(name)
        font = TTFont(name, str(path), subfontIndex=0) if path.suffix.lower() == ".ttc" else TTFont(name, str(path))
        pdfmetrics.registerFont(font)
        fonts[name] = font
    return fonts


def body(lang: str) -> str:
    """The font a pack in ``lang`` is set in."""
    register()
    return CJK if lang == "zh" else LATIN


def bold(lang: str) -> str:
    register()
    return CJK if lang == "zh" else LATIN_BOLD


def covers(font: str, text: str) -> bool:
    glyphs = register()[font].face.charToGlyph
    return all(ord(ch) in glyphs or ch in "\n\r\t" for ch in text)


def for_text(text: str, font: str) -> str:
    """``font`` when it has every character of ``text``, else the other family (for a one-font drawing string)."""
    if covers(font, text):
        return font
    other = LATIN if font == CJK else CJK
    return other if covers(other, text) else font


def markup(text: str, font: str) -> str:
    """``text`` escaped for a reportlab Paragraph, runs of characters ``font`` lacks set in the other family."""
    glyphs = register()[font].face.charToGlyph
    other = LATIN if font == CJK else CJK
    out, run, in_other = [], [], False
    for ch in str(text):
        missing = ord(ch) not in glyphs and ch not in "\n\r\t "
        if missing != in_other and run:
            out.append(_run("".join(run), other if in_other else None))
            run = []
        in_other = missing if ch != " " else in_other
        run.append(ch)
    if run:
        out.append(_run("".join(run), other if in_other else None))
    return "".join(out)


def _run(text: str, font: str | None) -> str:
    shown = escape(text).replace("\n", "<br/>")
    return f'<font name="{font}">{shown}</font>' if font else shown
