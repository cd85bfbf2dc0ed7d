"""A saved web page: the article, without the site around it.

Government content systems wrap a report in navigation, banners, breadcrumbs, share buttons, related
links and a footer, and write the article itself as one long line with every number in a styled span
and &nbsp; indents. trafilatura, a well-kept main-content extractor, finds the article and gives its
text paragraph by paragraph (tables row by row); its title is put first when the body does not repeat
it, since the county and the year are often stated there alone. Spans point into this extracted text.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..reading import SourceText, decode
from ..text_patterns import HAN_CHAR
from .building import TextBuilder

NO_ARTICLE = "web page with no article text (only navigation and links?); save the page of the report itself"
PROSE_CJK = 40  # CJK characters in one paragraph: a sentence of a report, not a link or a menu
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_-]+)", re.IGNORECASE)
# What a page declares, and the codec that reads it: GB2312 pages routinely hold GBK characters, and
# GB18030 reads both; Big5 pages hold Hong Kong characters.
CHARSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "big5": "big5hkscs",
            "utf-8": "utf-8", "utf8": "utf-8"}  # fmt: skip


def read_html(path: Path, raw: bytes) -> SourceText:
    markup, encoding = decode_page(raw, path)
    title, body = extract_article(markup)
    if not has_prose(body):
        raise InputError(path, NO_ARTICLE)
    text = body if not title or body.lstrip().startswith(title) else f"{title}\n{body}"
    builder = TextBuilder()
    builder.add(text if text.endswith("\n") else text + "\n")
    return builder.build(path, raw, "html", encoding)


def has_prose(text: str) -> bool:
    """An article has a paragraph of prose; a column page's list of links has none."""
    return any(len(HAN_CHAR.findall(line)) >= PROSE_CJK for line in text.splitlines())


def decode_page(raw: bytes, path: Path) -> tuple[str, str]:
    """The page's text, by the charset its <meta> declares, else by what the bytes read as. A page
    with a few stray bytes in its declared charset is read as a browser reads it: each becomes �, which
    normalising drops as junk."""
    declared = _META_CHARSET.search(raw[:4096])
    codec = CHARSETS.get(declared.group(1).decode("ascii").lower()) if declared else None
    body = raw.removeprefix(b"\xef\xbb\xbf")
    if codec:
        try:
            return body.decode(codec), codec
        except UnicodeDecodeError:
            pass  # a page that lies about its charset: read it as if it declared none
    try:
        return decode(raw, path, min_cjk_share=0.0)
    except InputError:
        if codec is None:
            raise
        return body.decode(codec, errors="replace"), codec


def extract_article(markup: str) -> tuple[str, str]:
    """(title, article text) as trafilatura finds them; empty text when the page has no article."""
    import trafilatura

    document = trafilatura.bare_extraction(
        markup,
        include_tables=True,
        include_comments=False,
        include_images=False,
        favor_recall=True,  # a short report's closing paragraphs look like boilerplate to precision mode
        deduplicate=False,
        with_metadata=True,
    )
    if document is None:
        return "", ""
    return (document.title or "").strip(), document.text or ""
