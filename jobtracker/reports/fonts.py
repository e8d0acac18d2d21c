"""The report's fonts: Source Sans Pro, with Noto Sans CJK SC as the fallback for Chinese, Japanese and Korean.

Source Sans Pro's regular and bold faces cover Latin (Ł and Vietnamese included), Greek and Cyrillic; its italic
covers Latin only, so the report sets people's own text in regular or bold and keeps italic for its own words.

Nothing parsed is shared between documents: fpdf2 keeps a font's glyph subset on the font object and subsets
its fontTools tables in place when the PDF is written, so one parsed font per FPDF is the only safe way. What
does pay is not loading the CJK collection at all when no text needs it: parsing it costs about 0.3 s and
embedding it, used or not, about 0.2 s more.
"""

import functools
from collections.abc import Iterable
from pathlib import Path

import font_source_sans_pro
import noto_cjk_sans_otc
from fpdf import FPDF

FAMILY = "SourceSans"
CJK_FAMILY = "NotoSansCJK"
CJK_FILE = "NotoSansCJK-Regular.ttc"
CJK_FACE = 2  # "Noto Sans CJK SC" in the collection: hanzi, kana and Hangul
FACES = {"": "SourceSansPro", "B": "SourceSansProBold", "I": "SourceSansProIt"}


@functools.cache
def _paths() -> tuple[tuple[tuple[str, Path], ...], Path]:
    """((style, file) of each Source Sans Pro face, the CJK collection), checked once per process."""
    primary = tuple((style, Path(font_source_sans_pro.font_files_ttf[name])) for style, name in FACES.items())
    cjk = Path(noto_cjk_sans_otc.__file__).parent / CJK_FILE
    for path in (*(path for _style, path in primary), cjk):
        if not path.is_file():
            raise FileNotFoundError(f"Report font missing: {path}")
    return primary, cjk


def register(pdf: FPDF, *, texts: Iterable[str] = ()) -> None:
    """Add Source Sans Pro to pdf as FAMILY, and the CJK fallback when any of these texts needs it."""
    primary, _cjk = _paths()
    for style, path in primary:
        pdf.add_font(FAMILY, style, path)
    if needs_fallback(pdf, texts):
        add_cjk_fallback(pdf)


def needs_fallback(pdf: FPDF, texts: Iterable[str]) -> bool:
    """Whether any printable character of these texts is missing from the regular or the bold face."""
    covered = pdf.fonts[FAMILY.lower()].cmap.keys() & pdf.fonts[f"{FAMILY.lower()}B"].cmap.keys()
    return any(ch.isprintable() and ord(ch) not in covered for text in texts for ch in text)


def add_cjk_fallback(pdf: FPDF) -> None:
    """Noto Sans CJK SC as the fallback of every style: there is no bold face, so bold falls back to regular."""
    _primary, cjk = _paths()
    pdf.add_font(CJK_FAMILY, "", cjk, collection_font_number=CJK_FACE)
    pdf.set_fallback_fonts([CJK_FAMILY], exact_match=False)
