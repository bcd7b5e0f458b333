"""Benchmarks of `tzreport check` on reports written by hand (make bench): a 10-page Word report
made here with python-docx, cold; a folder of 40 of them; and the cold cost of loading jieba's
dictionary (first ever run, when jieba builds its cache, and later runs)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SENTENCES = [
    "社区坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻中央统战工作会议精神。",
    "组织社区干部、各族群众代表开展“铸牢中华民族共同体意识”专题学习会12次，参与群众300余人次。",
    "对辖区少数民族困难家庭开展帮扶慰问，走访少数民族群众58户，帮助解决实际困难16件。",
    "通过宣传栏、社区公众号、网格群宣传党的民族宗教政策，发放宣传资料1200余份。",
    "定期开展宗教领域风险隐患排查，确保底数清、情况明，将矛盾纠纷解决在基层。",
    "广泛征求辖区各民主党派、无党派人士和新的社会阶层人士的意见和建议。",
]


def make_report(path: Path, pages: int = 10, defects: bool = True) -> Path:
    """A report of about `pages` pages in GB/T 9704 layout (22 lines of 28 characters a page),
    with a title, four sections of （一）… items and a few planted defects."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.add_paragraph("幸福里社区2024年统战工作总结")
    chars, target, n = 0, pages * 22 * 28, 0
    heading = 0
    while chars < target:
        if n % 8 == 0:
            heading += 1
            document.add_paragraph(f"{'一二三四五六七八九十'[heading - 1 % 10]}、第{heading}部分工作")
        text = "".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(3))
        if defects and n % 10 == 3:
            text = text.replace("，", ",", 1).replace("12次", "X场次")
        item = f"（{'一二三四五六七八'[n % 8]}）加强第{n + 1}项工作。" + text
        run = document.add_paragraph().add_run(item)
        run.font.size = Pt(16)
        chars += len(item)
        n += 1
    document.save(str(path))
    return path


def cold(command: list[str], env: dict[str, str], runs: int = 5) -> float:
    """Median wall time of a fresh process, after one run that fills the bytecode cache."""
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
        if i:
            times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def jieba_cold(env: dict[str, str]) -> tuple[float, float]:
    """Seconds to load jieba's dictionary in a new process: the first time ever (no cache in
    the temporary folder) and afterwards."""
    probe = ("import time; t = time.perf_counter(); from tzreport.lint import segment; "
             "segment._tokenizer(); print(time.perf_counter() - t)")
    with tempfile.TemporaryDirectory(prefix="tzreport-jieba-") as temp:
        fresh = {**env, "TMPDIR": temp, "TMP": temp, "TEMP": temp}
        first = float(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                     env=fresh, check=True).stdout)
        later = sorted(float(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                            env=fresh, check=True).stdout) for _ in range(3))[1]
    return first, later


def run(root: Path, tzreport: str, env: dict[str, str], results: dict[str, float | None],
        timed: Callable[..., float] | None = None) -> None:
    one = make_report(root / "十页报告.docx")
    folder = root / "各社区"
    folder.mkdir()
    for i in range(40):
        (folder / f"第{i + 1}社区.docx").write_bytes(one.read_bytes())
    results["冷启动 check 一份 10 页 Word 报告 (s)"] = cold([tzreport, "check", str(one)], env)
    results["check 40 份 Word 报告的文件夹 (s)"] = cold([tzreport, "check", str(folder)], env, runs=3)
    results["check 40 份 Word 报告 --annotate (s)"] = cold(
        [tzreport, "check", str(folder), "--annotate", "-o", str(root / "批注")], env, runs=3)
    first, later = jieba_cold(env)
    results["jieba 词典冷载入，首次（建缓存）(s)"] = first
    results["jieba 词典冷载入，之后 (s)"] = later


if __name__ == "__main__":
    found: dict[str, float | None] = {}
    with tempfile.TemporaryDirectory() as temp:
        run(Path(temp), str(Path(sys.executable).parent / "tzreport"), dict(os.environ), found)
    for name, value in found.items():
        print(f"{name:<40}{value:>10.3f}")
