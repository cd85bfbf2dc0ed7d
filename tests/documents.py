"""Real-looking documents made from the corpus reports with real tools, for the reader tests.

Nothing is downloaded: a web page is written as a government content system writes it (GBK, the
article on one line, each number in its own styled span, &nbsp; indents, navigation, banner,
breadcrumbs, share buttons and footer around it); a PDF is printed by headless Chromium with a CJK
font, a running header, a footer with page numbers, a table and lines broken inside numbers; a .docx
is written by python-docx with a table; a scan is a PDF page rendered to an image and wrapped in an
image-only PDF.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CJK_FONTS = Path("/usr/share/fonts/opentype/noto")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")

# A table an education bureau puts in its report, whose figures no field takes (school counts by
# stage), so the report's figures stay those of its text.
TABLE_ROWS = [("学段", "学校数(所)", "在校生(人)"), ("小学", "52", "18342"), ("初中", "14", "9127")]


def report_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def title_of(lines: list[str]) -> str:
    return next((line for line in lines if "总结" in line or "總結" in line), lines[0])[:60]


# ---------------------------------------------------------------- web page


def _content_system_paragraph(line: str) -> str:
    """One paragraph as a CMS writes it: &nbsp; indent, every number in a styled span."""
    marked = _NUMBER.sub(
        lambda m: f'<span style="font-family:仿宋_GB2312;font-size:16pt">{m.group()}</span>',
        html.escape(line),
    )
    return f'<p style="text-indent:2em;line-height:1.75">&nbsp;&nbsp;&nbsp;&nbsp;{marked}</p>'


def _html_table() -> str:
    cells = ("".join(f"<td><span>{html.escape(c)}</span></td>" for c in row) for row in TABLE_ROWS)
    return '<table border="1" cellspacing="0">' + "".join(f"<tr>{row}</tr>" for row in cells) + "</table>"


def gov_page(text: str) -> bytes:
    """The report as a county government site serves it: GBK, navigation and footer around it."""
    lines = report_lines(text)
    title = html.escape(title_of(lines))
    paragraphs = [_content_system_paragraph(line) for line in lines]
    paragraphs.insert(min(5, len(paragraphs)), _html_table())
    article = "".join(paragraphs)  # one long line
    nav = "".join(
        f'<li><a href="/col/{i}">{name}</a></li>'
        for i, name in enumerate(
            ["首页", "政务公开", "政策文件", "办事服务", "互动交流", "走进本县", "专题专栏"]
        )
    )
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{title}_政务公开_县人民政府门户网站</title>
<script src="/js/jquery.min.js"></script><script>var _hmt = _hmt || []; function share(){{}}</script>
<link rel="stylesheet" href="/css/main.css"></head>
<body>
<div class="top-bar">欢迎访问县人民政府门户网站 | 无障碍浏览 | 长者模式 | 繁體 | 登录 | 注册</div>
<div class="banner"><img src="/images/banner.jpg" alt="县人民政府"><div class="search"><input type="text" value="请输入关键字"><button>搜索</button></div></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="breadcrumb">当前位置:<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/zwgk/ghjh">规划计划</a> &gt; 正文</div>
<div class="main"><div class="left-col"><h3>信息公开目录</h3><ul><li><a href="/a">机构职能</a></li><li><a href="/b">政策文件</a></li><li><a href="/c">规划计划</a></li><li><a href="/d">财政信息</a></li></ul></div>
<div class="content">
<h1 class="title">{title}</h1>
<div class="info">发布时间:2024-01-15 09:57 来源:县教育和体育局 浏览次数:<span id="hits">1024</span> 【字体:<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
<div class="TRS_Editor" id="zoom">{article}</div>
<div class="share">分享到:<a href="#" onclick="share()">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="print">【<a href="javascript:window.print()">打印本页</a>】 【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="related"><h4>相关链接</h4><ul><li><a href="/x1">关于做好2024年春季学期开学工作的通知</a></li><li><a href="/x2">县教育局2024年部门预算公开</a></li></ul></div>
</div></div>
<div class="footer"><p>主办单位:县人民政府办公室 承办单位:县政务服务数据管理局</p><p>网站标识码:1308220001 冀ICP备05012345号 冀公网安备 13082202000123号</p><p>联系电话:0314-5052222 建议使用1024×768分辨率浏览本站</p></div>
<script>document.getElementById("hits").innerText = "1025";</script>
</body></html>"""
    return page.replace('\n<div class="TRS', '<div class="TRS').encode("gbk", errors="xmlcharrefreplace")


def page_without_article() -> bytes:
    """A site's column page: navigation and a list of links, no article."""
    links = "".join(
        f'<li><a href="/art/{i}.html">通知公告第{i}号</a><span>2024-01-{i:02d}</span></li>'
        for i in range(1, 16)
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告_县教育局</title></head><body>'
        '<div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div>'
        f'<div class="list"><ul>{links}</ul></div><div class="footer">主办单位:县教育局</div></body></html>'
    ).encode()


# ---------------------------------------------------------------- PDF, printed by Chromium

PRINT_CSS = """
@page { size: A4; margin: 24mm 22mm;
  @top-center { content: "%(header)s"; font: 9pt 'Noto Serif CJK SC'; }
  @bottom-center { content: "— " counter(page) " —"; font: 9pt 'Noto Serif CJK SC'; }
  @bottom-right { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font: 8pt 'Noto Sans CJK SC'; } }
body { font: 12pt/1.6 'Noto Serif CJK SC'; word-break: break-all; }
p { text-indent: 2em; margin: 0 0 0.3em; text-align: justify; }
h1 { font: bold 18pt 'Noto Sans CJK SC'; text-align: center; }
table { border-collapse: collapse; margin: 0.5em auto; } td, th { border: 1px solid #000; padding: 2pt 8pt; }
"""


def print_html(text: str) -> str:
    """The report laid out for print: a heading, one paragraph a line, and a table after the fifth."""
    lines = report_lines(text)
    title = title_of(lines)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in TABLE_ROWS
    )
    body = [f"<p>{html.escape(line)}</p>" for line in lines]
    body.insert(min(5, len(body)), f"<table>{rows}</table>")
    css = PRINT_CSS % {"header": title.replace('"', "")}
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{css}</style></head><body>{''.join(body)}</body></html>"
    )


def print_pdf(page_html: str, out: Path) -> Path:
    """Print `page_html` to `out` with headless Chromium (Debian's, with fonts-noto-cjk)."""
    source = out.with_suffix(".print.html")
    source.write_text(page_html, encoding="utf-8")
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={out}", source.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    source.unlink()
    return out


# ---------------------------------------------------------------- a scan


def scan_of(pdf: Path, out: Path, dpi: int = 200, pages: int | None = None) -> Path:
    """An image-only PDF: each page of `pdf` rendered to a greyscale JPEG, as a scanner would save it."""
    import io

    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(pdf)
    scan = pdfium.PdfDocument.new()
    for index in range(min(len(source), pages or len(source))):
        page = source[index]
        width, height = page.get_size()
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        jpeg = io.BytesIO()
        image.save(jpeg, format="JPEG", quality=85)
        jpeg.seek(0)
        picture = pdfium.PdfImage.new(scan)
        picture.load_jpeg(jpeg, inline=True)
        picture.set_matrix(pdfium.PdfMatrix().scale(width, height))
        new_page = scan.new_page(width, height)
        new_page.insert_obj(picture)
        new_page.gen_content()
    scan.save(out)
    return out


# ---------------------------------------------------------------- Word


def word_document(text: str, out: Path) -> Path:
    """The report as a .docx written by python-docx: a heading, one paragraph a line, and a table."""
    import docx

    lines = report_lines(text)
    document = docx.Document()
    document.add_heading(title_of(lines), level=1)
    for index, line in enumerate(lines):
        document.add_paragraph(line)
        if index == 4:
            table = document.add_table(rows=len(TABLE_ROWS), cols=len(TABLE_ROWS[0]))
            for row, values in zip(table.rows, TABLE_ROWS, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
    document.save(out)
    return out


# ---------------------------------------------------------------- hostile and broken files


def pdf_file(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF with a correct cross-reference table around `objects` (numbered from 1)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def encrypted_pdf() -> bytes:
    """A PDF under the standard security handler with a user password that is not empty."""
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            b"<< /Filter /Standard /V 1 /R 2 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> /P -44 >>",
        ],
        trailer=b"/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]",
    )


def corrupt_pdf() -> bytes:
    """PDF magic and an end marker around bytes that are no PDF at all."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def many_pages_pdf(out: Path, pages: int) -> Path:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    document.save(out)
    return out


def huge_page_pdf(out: Path) -> Path:
    """One blank page far larger than any paper: rendering it for OCR would take gigabytes."""
    return _one_page(out, 14_000, 14_000)


def _one_page(out: Path, width: float, height: float) -> Path:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    document.new_page(width, height)
    document.save(out)
    return out


def zip_bomb_docx(out: Path, megabytes: int = 200) -> Path:
    """A .docx whose document.xml unpacks to `megabytes` MB of zeros from a few hundred KB."""
    import zipfile

    block = b"\x00" * 2**20
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(block)
    return out


def huge_image_pdf() -> bytes:
    """An image-only page whose one image declares 40000 × 40000 pixels: decoding it would take 1.6 GB."""
    stream = b"\xff\xd8\xff\xd9"  # a JPEG with nothing in it: the size is what the PDF declares
    content = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
            b"<< /Type /XObject /Subtype /Image /Width 40000 /Height 40000 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n%s\nendstream"
            % (len(stream), stream),
        ]
    )
