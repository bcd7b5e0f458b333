"""`tzreport edit` in a real browser (Debian's chromium driven by playwright), from an empty
folder to a downloaded .docx without a text editor: new from the 社区 example, 单位 changed, an
event, a count of 150余 and a point added, saved, downloaded; a comment planted in the YAML
survives, a wrong value is told beside its field, a stale tab's save and another site's
requests are refused."""

from __future__ import annotations

import os
import re
import threading
import zipfile
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, served
from tzreport.writers import unbroken

pytestmark = pytest.mark.slow

SHOTS = Path(os.environ.get("TZREPORT_SHOTS", "")) if os.environ.get("TZREPORT_SHOTS") else None


@pytest.fixture
def editing(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    folder = tmp_path / "我的社区"
    folder.mkdir()
    with served("edit", folder, "填写地址：", cwd=ROOT) as editor:
        yield folder, editor.url


def _shot(page: Any, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name))


def _report_says(page: Any, text: str) -> None:
    page.frame_locator("#report").locator("body").get_by_text(text, exact=False).first.wait_for(timeout=10000)


def test_from_an_empty_folder_to_a_docx(browser: Any, editing: tuple[Path, str], tmp_path: Path) -> None:
    folder, url = editing
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page = context.new_page()
    page.goto(url)
    assert "还没有数据文件" in page.inner_text("body")
    _shot(page, "edit-1-new.png")
    page.select_option("select[name=example]", "年度")
    page.fill("input[name=unit]", "测试社区")
    page.fill("input[name=year]", "2024")
    page.get_by_role("button", name="新建").click()
    page.wait_for_url("**/edit/2024.yaml")
    data = folder / "2024.yaml"
    text = data.read_text(encoding="utf-8")
    # a comment the user wrote by hand, in the middle of the file: it must survive the save
    data.write_text(text.replace("思想引领:\n", "# 我的备注：这一章请书记过目\n思想引领:\n", 1), encoding="utf-8")
    page.reload()
    _report_says(page, "测试社区")
    _shot(page, "edit-2-form.png")

    unit = page.locator('#root > [data-key="单位"]').get_by_role("textbox", name="单位", exact=True)
    unit.fill("测试新社区")
    item = page.locator('#root > [data-key="思想引领"] > [data-v] > [data-key="工作"] > ol > li').first
    events = item.locator(':scope > [data-v] > [data-key="活动"]')
    events.locator(":scope > button.add").click()
    events.locator("li").last.get_by_role("textbox", name="名称").fill("邻里议事会")
    stats = item.locator(':scope > [data-v] > [data-key="统计"]')
    stats.locator(":scope > button.add").click()
    stat = stats.locator(":scope > ol > li").last
    stat.get_by_role("textbox", name="项目").fill("服务群众")
    count = stat.get_by_role("textbox", name="数量")
    count.fill("好多")  # a wrong value: the loader's message beside the field
    stat.locator('[data-key="数量"] > .err').get_by_text("应为非负整数").wait_for(timeout=10000)
    _shot(page, "edit-3-error.png")
    count.fill("150余")
    stat.get_by_role("textbox", name="单位").fill("人次")
    points = item.locator(':scope > [data-v] > [data-key="要点"]')
    points.locator(":scope > button.add").click()
    points.locator(":scope > ol > li").last.get_by_role("textbox", name="内容").fill("建立楼栋联络员制度")
    _report_says(page, "服务群众150余人次")
    _report_says(page, "建立楼栋联络员制度")

    stale = context.new_page()  # a second tab, opened before the first one saves
    stale.goto(url.split("?")[0] + "edit/2024.yaml")
    page.click("#save")
    page.locator("#state").get_by_text("已保存").wait_for(timeout=10000)
    _shot(page, "edit-4-saved.png")
    saved = data.read_text(encoding="utf-8")
    assert "# 我的备注：这一章请书记过目\n思想引领:" in saved
    assert "\n单位: 测试新社区\n" in saved and "150余" in saved and "邻里议事会" in saved

    with page.expect_download() as went:
        page.click("text=下载 Word")
    docx = tmp_path / "got.docx"
    went.value.save_as(docx)
    with zipfile.ZipFile(docx) as opened:
        # the text of the runs (a figure is a run of its own), without the joiners that keep it whole
        body = unbroken.strip("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>",
                                                 opened.read("word/document.xml").decode())))
    assert "服务群众150余人次" in body and "建立楼栋联络员制度" in body and "邻里议事会" in body

    stale.locator('#root > [data-key="单位"]').get_by_role("textbox", name="单位", exact=True).fill("另一个窗口")
    stale.on("dialog", lambda dialog: dialog.dismiss())
    stale.click("#save")
    stale.locator("#state").get_by_text("已被修改").wait_for(timeout=10000)
    _shot(stale, "edit-5-stale.png")
    assert data.read_text(encoding="utf-8") == saved

    _another_site(context, url, data, saved)
    context.close()


def _another_site(context: Any, url: str, data: Path, saved: str) -> None:
    """A page of another origin (127.0.0.1 on another port: the same site, so the SameSite
    cookie is sent) tries to save and to download: both refused, the file untouched."""
    editor = url.split("?")[0].rstrip("/")
    attack = data.parent.parent / "attack"
    attack.mkdir()
    (attack / "index.html").write_text(f"""<!DOCTYPE html><html><body><p id="done">x</p><script>
fetch("{editor}/save/2024.yaml", {{method: "POST", mode: "no-cors", credentials: "include",
  headers: {{"Content-Type": "text/plain"}}, body: '{{"base": "", "values": {{"单位": "被改了"}}}}'}})
  .finally(function () {{ document.getElementById("done").textContent = "sent"; }});
</script><img src="{editor}/download/2024.yaml.docx"></body></html>""", encoding="utf-8")
    evil = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(attack)))
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{evil.server_address[1]}/index.html")
        page.get_by_text("sent").wait_for(timeout=10000)
        page.wait_for_timeout(500)
    finally:
        evil.shutdown()
        evil.server_close()
    assert data.read_text(encoding="utf-8") == saved


def test_a_dropped_report_becomes_a_form_with_its_marks(browser: Any, editing: tuple[Path, str]) -> None:
    folder, url = editing
    # 125 % zoom on a 1366 × 768 screen: the page is laid out for 1093 × 614 CSS pixels
    context = browser.new_context(viewport={"width": 1093, "height": 614}, device_scale_factor=1.25)
    page = context.new_page()
    page.goto(url)
    page.set_input_files("#upload", str(ROOT / "tests" / "seeds" / "000_e3f797dae08557b5.txt"))
    page.wait_for_url("**/edit/**")
    assert [p.name for p in folder.glob("*.yaml")] == ["京汉新城社区2023.yaml"]
    summary = page.locator("#summary")
    summary.get_by_text("单位：请核对：单位是从导语中找到的").wait_for(timeout=10000)
    summary.locator("li", has_text="单位：请核对").get_by_text("转到").click()
    focused = page.evaluate("document.activeElement.closest('.field').dataset.path")
    assert focused == "单位"
    _report_says(page, "京汉新城社区")
    # usable at this size: the form and the report side by side, the save button in view
    assert page.locator("#save").is_visible()
    form_box, report_box = page.locator("#form").bounding_box(), page.locator("#report").bounding_box()
    assert form_box["width"] >= 360 and report_box["width"] >= 500
    assert form_box["x"] + form_box["width"] <= report_box["x"] + 1
    _shot(page, "edit-6-imported-125.png")
    context.close()
