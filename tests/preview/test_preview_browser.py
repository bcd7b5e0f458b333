"""In a real browser (Debian's chromium driven by playwright): the preview follows saves, shows
a data error with its line and comes back, and the -f html page keeps its look when pasted
into a contentEditable editor, as into a 公众号 editor."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, document_of, sent_upward, served
from tzreport.writers import html

pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "examples" / "新城街道" / "京汉新城社区" / "2023.yaml"


@pytest.fixture
def previewed(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A data file and the preview of it, started as a user starts it."""
    data = tmp_path / "2023.yaml"
    shutil.copy(EXAMPLE, data)
    with served("preview", data, "预览地址：") as preview:
        yield data, preview.url


def _shows(page: Any, text: str, timeout: float = 5000) -> float:
    """Wait, without touching the page, until it shows a text: the seconds it took."""
    started = time.perf_counter()
    page.wait_for_function("t => document.body.innerText.includes(t)", arg=text, timeout=timeout)
    return time.perf_counter() - started


def _save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_preview_follows_saves_errors_and_back(browser: Any, previewed: tuple[Path, str],
                                               tmp_path: Path) -> None:
    data, url = previewed
    original = data.read_text(encoding="utf-8")
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    page.goto(url)
    assert "参与人数200余人" in page.inner_text("body")
    page.wait_for_timeout(300)  # the event stream is open

    took = []
    for figure in (35, 36, 37):  # the same edit three times: the first reload warms the fonts
        _save(data, original.replace("{项目: 参与人数, 数量: 200余, 单位: 人}", f"{{项目: 参与人数, 数量: {figure}, 单位: 人}}"))
        took.append(_shows(page, f"参与人数{figure}人"))
        page.wait_for_timeout(300)
    print("\nsave → new figure on the page:", ", ".join(f"{t * 1000:.0f} ms" for t in took))

    broken = original.replace("年度: 2023", "年度: 二零二三")
    line = original.splitlines().index("年度: 2023") + 1
    _save(data, broken)
    _shows(page, f"2023.yaml:{line}:5")
    body = page.inner_text("body")
    assert "错误" in body and "年度: 二零二三" in body and "查看上次正确的报告" in body
    page.screenshot(path=str(tmp_path / "error.png"))

    page.click("text=查看上次正确的报告")  # the last good report, one click away
    _shows(page, "参与人数37人")
    assert "上次能生成时的报告" in page.inner_text("body")
    page.click("text=回到当前状态")
    _shows(page, "查看上次正确的报告")

    _save(data, original.replace("数量: 200余,", "数量: 41,", 1))
    _shows(page, "参与人数41人")
    assert "错误" not in page.inner_text(".bar")
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    page.close()


def test_findings_marked_in_the_browser(browser: Any, previewed: tuple[Path, str]) -> None:
    data, url = previewed
    text = data.read_text(encoding="utf-8")
    page = browser.new_page()
    page.goto(url)
    page.wait_for_timeout(300)
    _save(data, text.replace("一年来，我社区始终", "一年来，我社区开展X场次活动，始终"))
    _shows(page, "TZ101")
    mark = page.locator("mark.error").first
    assert mark.inner_text() == "X"
    assert page.locator("mark.error a").first.get_attribute("href") == "#f1"
    assert "2023.yaml:" in page.locator("#f1").inner_text()
    page.close()


PASTE_TARGET = '<!DOCTYPE html><html><body><div id="editor" contenteditable="true"></div></body></html>'

# What each element of the pasted report computes to (its own inline styles, nothing else).
COMPUTED = """e => {
  const pick = (el) => { const s = getComputedStyle(el);
    return {tag: el.tagName, text: el.innerText.slice(0, 12), font: s.fontFamily, size: s.fontSize,
            indent: s.textIndent, align: s.textAlign, weight: s.fontWeight, border: s.borderTopWidth
                    + ' ' + s.borderTopStyle}; };
  return Array.from(e.querySelectorAll('h1, h2, p, span, td, th')).map(pick);
}"""


def _check_pasted(found: list[dict[str, str]]) -> None:
    def first(text: str, tag: str | None = None) -> dict[str, str]:
        return next(f for f in found if f["text"].startswith(text) and tag in (None, f["tag"]))

    title = first("京汉新城社区2023", "H1")
    assert "方正小标宋简体" in title["font"] and title["size"] == "29.3333px"
    assert title["align"] == "center" and title["weight"] == "400"
    heading = first("一、坚持统一思想", "H2")
    assert heading["font"].startswith("黑体, SimHei") and heading["size"] == "21.3333px"
    assert heading["indent"] == "42.6667px"  # two 三号 characters
    run_in = first("（一）注重学习", "SPAN")
    assert run_in["font"].startswith("楷体_GB2312, 楷体, KaiTi")
    body = first("（一）注重学习", "P")
    assert body["font"].startswith("仿宋_GB2312, 仿宋, FangSong, STFangsong")
    assert body["align"] == "justify"
    assert first("京汉新城社区党委")["align"] == "right"


def test_html_page_keeps_its_look_when_pasted(browser: Any, tmp_path: Path) -> None:
    # with the 落款 a report sent upward has (the seed-derived example writes none)
    page_html = html.page(document_of(sent_upward(EXAMPLE, tmp_path)))
    context = browser.new_context()
    page = context.new_page()
    # as a person does it: select the page in the browser, copy, paste into the editor
    page.set_content(page_html)
    page.keyboard.press("Control+A")
    page.keyboard.press("Control+C")
    page.set_content(PASTE_TARGET)
    page.click("#editor")
    page.keyboard.press("Control+V")
    _check_pasted(page.eval_on_selector("#editor", COMPUTED))
    # the page's own body HTML inserted as it is: the looks come from its inline styles alone
    body = page_html.split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0]
    page.set_content(PASTE_TARGET)
    page.click("#editor")
    page.evaluate("h => document.execCommand('insertHTML', false, h)", body)
    pasted = page.eval_on_selector("#editor", COMPUTED)
    _check_pasted(pasted)
    assert page.eval_on_selector_all("#editor *[class], #editor script, #editor style", "e => e.length") == 0
    context.close()


def test_pasted_annex_table_keeps_its_borders(browser: Any) -> None:
    page_html = html.page(document_of(ROOT / "examples" / "新城街道" / "2024.yaml"))
    page = browser.new_page()
    page.set_content(PASTE_TARGET)
    body = page_html.split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0]
    page.click("#editor")
    page.evaluate("h => document.execCommand('insertHTML', false, h)", body)
    cells = [f for f in page.eval_on_selector("#editor", COMPUTED) if f["tag"] in ("TD", "TH")]
    assert cells and all(c["border"].endswith(" solid") and not c["border"].startswith("0px ") for c in cells)
    assert all(c["font"].startswith("黑体") for c in cells if c["tag"] == "TH")
    assert all(c["font"].startswith("仿宋_GB2312") and c["size"] == "16px"
               for c in cells if c["tag"] == "TD")
    page.close()
