"""tzreport 性能测试（make bench）：生成 N 个模拟社区数据文件，测量启动、校验、生成的耗时和内存，
并与 pandoc 逐个转换同样的 Markdown 作比较。结果打印成表格，并写入 out/bench.json。

Measures what users feel (DESIGN §6): cold start of --help, check and build; warm per-report
cost; folder builds with -j 1 and -j 2; peak memory as the batch grows; pandoc for scale.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench_check  # scripts/, beside this file

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TZREPORT = str(BIN / "tzreport")

TARGETS = {  # DESIGN §6, in seconds or milliseconds as named
    "冷启动 --help (s)": 0.15,
    "冷启动 check 一个文件 (s)": 0.3,
    "冷启动 build 一个文件 md+docx (s)": 0.5,
    "冷启动 import 一份 Word 报告 (s)": 0.5,
    "批量中每份 Markdown (ms)": 1.0,
    "批量中每份 docx (ms)": 5.0,
    "500 个文件 md+docx，-j 2 (s)": 3.0,
    "冷启动 check 一份 10 页 Word 报告 (s)": 1.0,
    "预览：保存后页面收到刷新 (s)": 1.0,
    "预览：保存后页面收到刷新，轮询 (s)": 1.0,
    "批量中每份 PDF，Typst (ms)": 30.0,
    "40 个成员的汇总 xlsx，同一进程 (s)": 0.5,
}
PDF_REPORTS = 40  # 40 reports to PDF with both engines (DESIGN §6: Typst ≥ 20× LibreOffice per file)
ONE_BY_ONE_SAMPLE = 8  # LibreOffice one process per file is timed on this many and scaled to 40

# DESIGN §6 measured its figures on a machine where this minimal typer app printed its help in
# 0.08 s. The same app is timed here: the ratio says how much slower (or faster) this machine
# is, and each time target is also shown scaled by it ("折算目标"), so a slow CI machine and a
# real regression can be told apart. Raw targets are judged too.
REFERENCE_APP = """import typer
app = typer.Typer(rich_markup_mode=None)
@app.command()
def main(name: str = "x") -> None:
    print(name)
app()
"""
REFERENCE_SECONDS = 0.08
# Measured as users meet it: Python writes its compiled bytecode on the first run and reads it
# afterwards, so the environment must not forbid writing it, and every command runs once first.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

UNITS = ["幸福里", "石榴籽", "同心", "和谐", "京汉新城", "希望", "河畔花园", "金源", "富力", "团结"]
EVENTS = ["“铸牢中华民族共同体意识”专题学习会", "民族团结进步宣传月活动", "“石榴籽”志愿服务",
          "入户政策宣传", "宗教政策法规宣讲", "“迎中秋 庆国庆”联欢会", "少数民族困难家庭走访慰问"]


def community(i: int, rng: random.Random) -> str:
    """A realistic community data file: three sections, events, stats, problems, plans."""
    unit = f"{rng.choice(UNITS)}第{i}社区"

    def items(n: int) -> str:
        out = []
        for k in range(n):
            events = rng.sample(EVENTS, 3)
            out.append(
                f"    - 标题: 第{k + 1}项重点工作扎实推进\n"
                f"      内容: 社区结合实际，认真落实上级部署，工作取得积极成效，群众满意度不断提高。\n"
                f"      活动: [{', '.join(events)}]\n"
                f"      统计:\n"
                f"        - {{项目: 开展各项活动, 数量: {rng.randint(3, 60)}, 约数: true}}\n"
                f"        - {{项目: 参与群众, 数量: {rng.randint(50, 900)}, 单位: 人次}}\n"
            )
        return "".join(out)

    return (
        f"单位: {unit}\n年度: 2024\n主送: 新城街道党工委\n"
        f"概况:\n  - {{项目: 少数民族群众, 数量: {rng.randint(20, 400)}}}\n"
        f"思想引领:\n  工作:\n{items(2)}"
        f"民族工作:\n  工作:\n{items(3)}"
        f"宗教工作:\n  工作:\n{items(2)}"
        "存在问题: [统战工作知晓率不高, 宣传形式不够丰富]\n"
        "下一步计划: [加强理论学习, 丰富活动载体, 做好风险排查]\n"
        f"落款: {{署名: {unit}党委, 日期: 2024-12-20}}\n"
    )


def make_folder(root: Path, n: int) -> Path:
    folder = root / f"communities-{n}"
    folder.mkdir()
    rng = random.Random(n)
    for i in range(1, n + 1):
        (folder / f"{i:04d}.yaml").write_text(community(i, rng), encoding="utf-8")
    return folder


def timed(command: list[str], runs: int = 1, warm_up: bool = True, out: Path | None = None) -> float:
    """Median wall time of a command, in seconds (after one run that is not counted, which
    leaves Python's bytecode, the file cache and tzreport's cache as a user's second run finds
    them). out: a build's output folder, made new for each run (-o is added), so that every
    run writes new files as the first did, like pandoc below."""
    times = []
    for i in range(runs + warm_up):
        extra = ["-o", str(out.with_name(f"{out.name}-{i}"))] if out is not None else []
        start = time.perf_counter()
        subprocess.run([*command, *extra], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env=ENV)
        if i >= warm_up:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


# The floors the cold starts are compared with (issue 22): what Python needs to import typer
# alone, and typer with the two libraries every data file needs.
TYPER_FLOOR = [sys.executable, "-c", "import typer"]
IMPORT_FLOOR = [sys.executable, "-c", "import yaml, typer; from pydantic import BaseModel"]
RATIO_TARGETS = {  # at most this many times the floor
    "冷启动 --help ÷ import typer": 1.3,
    "冷启动 check 一个文件 ÷ 导入下限": 2.0,
    "冷启动 build 一个文件 md+docx ÷ 导入下限": 3.0,
}
PANDOC_TARGET = 10.0  # 200 files md+docx in one process at least this many times faster


def alternating(commands: dict[str, list[str]], runs: int, out: Path) -> dict[str, float]:
    """Median wall time of each command, the commands run in turn (a, b, c, a, b, c …) so
    that a slow moment of a shared machine falls on all of them alike; one round first, not
    counted. A command whose list ends with "-o" gets a new output folder each run."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for i in range(runs + 1):
        for name, command in commands.items():
            extra = [str(out / f"{len(times[name])}-{i}")] if command[-1] == "-o" else []
            start = time.perf_counter()
            subprocess.run([*command, *extra], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env=ENV)
            if i:
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def peak_rss_mb(command: list[str]) -> float:
    """Peak resident memory of a command and every process it starts, in MB."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True,
                         check=True, env=ENV)
    return int(out.stdout.strip()) / 1024


def warm_per_report(folder: Path, count: int) -> tuple[float, float]:
    """Milliseconds per report inside one process, after the first: Markdown, then .docx (the
    Markdown parsed into the document every writer takes, then written as Word)."""
    sys.path.insert(0, str(ROOT / "src"))
    from tzreport.data import loader
    from tzreport.render import document, templating
    from tzreport.writers.docx import writer

    reports = [loader.load(p) for p in sorted(folder.glob("*.yaml"))[:count]]
    writer.to_docx(document.parse(templating.render_markdown(reports[0])))  # the first pays for set-up
    md_ms, docx_ms = [], []
    for _ in range(3):  # the median of three rounds: a shared machine has slow moments
        start = time.perf_counter()
        markdown = [templating.render_markdown(r) for r in reports]
        md_ms.append((time.perf_counter() - start) / len(reports) * 1000)
        start = time.perf_counter()
        for text in markdown:
            writer.to_docx(document.parse(text))
        docx_ms.append((time.perf_counter() - start) / len(reports) * 1000)
    return statistics.median(md_ms), statistics.median(docx_ms)


def warm_pdf_ms(folder: Path, count: int) -> float:
    """Milliseconds per Typst PDF inside one process, after the first (fonts found, engine up)."""
    sys.path.insert(0, str(ROOT / "src"))
    from tzreport.data import loader
    from tzreport.render import document, templating
    from tzreport.writers.pdf import typst

    markdown = [document.parse(templating.render_markdown(loader.load(p)))
                for p in sorted(folder.glob("*.yaml"))[:count]]
    typst.to_pdf(markdown[0])
    rounds = []
    for _ in range(3):
        start = time.perf_counter()
        for text in markdown:
            typst.to_pdf(text)
        rounds.append((time.perf_counter() - start) / len(markdown) * 1000)
    return statistics.median(rounds)


def warm_rollup_xlsx_s(folder: Path, members: int, root: Path) -> float:
    """Seconds for the 统计表 (-f xlsx) of a roll-up of `members` communities inside one
    process, after the first: the figures gathered from the loaded files, the workbook written."""
    sys.path.insert(0, str(ROOT / "src"))
    from tzreport.report import gather, rollup, stat_book
    from tzreport.writers.xlsx import stat_tables

    street = root / f"street-{members}"
    street.mkdir()
    for path in sorted(folder.glob("*.yaml"))[:members]:
        shutil.copy(path, street / path.name)
    (street / "街道.yaml").write_text("单位: 新城街道\n年度: 2024\n汇总: ['0*.yaml']\n", encoding="utf-8")
    reports = rollup.Reports()
    stat_tables.workbook(stat_book.book(gather.gather(street / "街道.yaml", reports=reports)))
    rounds = []
    for _ in range(3):
        start = time.perf_counter()
        stat_tables.workbook(stat_book.book(gather.gather(street / "街道.yaml", reports=reports)))
        rounds.append(time.perf_counter() - start)
    return statistics.median(rounds)


def libreoffice_one_by_one(docx: list[Path], out: Path) -> float | None:
    """Seconds LibreOffice takes for all these .docx started once per file (as tzreport did
    before), timed on a sample and scaled."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None or not docx:
        return None
    sample = docx[:ONE_BY_ONE_SAMPLE]
    start = time.perf_counter()
    for i, path in enumerate(sample):
        profile = out / f"profile-{i}"
        subprocess.run([program, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--norestore", "--convert-to", "pdf", "--outdir", str(out), str(path)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return (time.perf_counter() - start) / len(sample) * len(docx)


def supports_jobs() -> bool:
    out = subprocess.run([TZREPORT, "build", "--help"], capture_output=True, text=True, env=ENV)
    return "--jobs" in out.stdout or " -j" in out.stdout


def pandoc_seconds(markdown: list[Path], out: Path) -> float | None:
    """pandoc turning each Markdown file into .docx, one process per file; None (and a
    line saying so) when pandoc is not installed and cannot be."""
    if shutil.which("pandoc") is None and os.geteuid() == 0 and shutil.which("apt-get"):
        print("没有找到 pandoc，正在用 apt-get 安装……", file=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "-qq", "pandoc"], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if shutil.which("pandoc") is None:
        print("没有找到 pandoc（PATH 中没有 pandoc 命令）：无法与 pandoc 比较；"
              "请先安装（如 apt-get install pandoc），再运行 make bench", file=sys.stderr)
        return None
    # one run first, not counted, as for tzreport: the program and its data in the file cache
    subprocess.run(["pandoc", str(markdown[0]), "-o", str(out / "warm-up.docx")], check=True)
    start = time.perf_counter()
    for path in markdown:
        subprocess.run(["pandoc", str(path), "-o", str(out / f"{path.stem}.docx")], check=True,
                       env=ENV)
    return time.perf_counter() - start


def preview_reload(data: Path, poll: bool = False, runs: int = 7) -> float:
    """Median seconds from saving a data file to the preview's event telling the open page
    to reload, with watchfiles or (poll) by looking at the files' times; then the page
    itself is fetched and must show the new figure."""
    import http.client
    import re

    env = {**ENV, **({"TZREPORT_PREVIEW_POLL": "1"} if poll else {})}
    process = subprocess.Popen([TZREPORT, "preview", str(data), "--no-open", "--port", "0"],
                               stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    port = int(process.stdout.readline().rsplit(":", 1)[1].strip(" /\n"))
    key = data.name

    def get(path: str) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path)
        return connection, connection.getresponse()

    text = data.read_text(encoding="utf-8")
    times = []
    try:
        for n in range(runs):
            connection, response = get("/")
            version = re.search(r'v=([^"]+)"', response.read().decode()).group(1)  # type: ignore[union-attr]
            connection.close()
            connection, response = get(f"/events?page={key}&v={version}")
            response.fp.readline()
            time.sleep(0.3)
            start = time.perf_counter()
            data.write_text(re.sub(r"数量: \d+", f"数量: {1000 + n}", text, count=1), encoding="utf-8")
            while not response.fp.readline().startswith(b"data:"):
                pass
            times.append(time.perf_counter() - start)
            connection.close()
    finally:
        process.send_signal(2)  # Ctrl+C
        process.wait(10)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=500, help="批量测试的文件数（默认 500）")
    parser.add_argument("--json", type=Path, default=ROOT / "out" / "bench.json")
    args = parser.parse_args()

    results: dict[str, float | None] = {}
    with tempfile.TemporaryDirectory(prefix="tzreport-bench-") as temp:
        root = Path(temp)
        big = make_folder(root, args.n)
        hundred = make_folder(root, 100)
        one = sorted(big.glob("*.yaml"))[0]
        app = root / "reference_app.py"
        app.write_text(REFERENCE_APP, encoding="utf-8")
        reference = timed([sys.executable, str(app), "--help"], runs=9)
        results["冷启动 --help (s)"] = timed([TZREPORT, "--help"], runs=9)
        results["冷启动 check 一个文件 (s)"] = timed([TZREPORT, "check", str(one)], runs=9)
        results["冷启动 build 一个文件 md+docx (s)"] = timed(
            [TZREPORT, "build", str(one)], runs=9, out=root / "one")
        # import reads back the .docx the build above wrote: a whole community report
        report_docx = next((root / "one-0").glob("*.docx"))
        # the same three against their floors, all five run in turn, several times
        cold = alternating({
            "typer": TYPER_FLOOR, "floor": IMPORT_FLOOR, "help": [TZREPORT, "--help"],
            "check": [TZREPORT, "check", str(one)], "build": [TZREPORT, "build", str(one), "-o"],
        }, runs=11, out=root / "alternating")
        ratios = {
            "冷启动 --help ÷ import typer": cold["help"] / cold["typer"],
            "冷启动 check 一个文件 ÷ 导入下限": cold["check"] / cold["floor"],
            "冷启动 build 一个文件 md+docx ÷ 导入下限": cold["build"] / cold["floor"],
        }
        results["import typer (s)"] = cold["typer"]
        results["导入下限 import yaml, typer, pydantic (s)"] = cold["floor"]
        results.update(ratios)
        results["冷启动 import 一份 Word 报告 (s)"] = timed(
            [TZREPORT, "import", str(report_docx)], runs=9, out=root / "imported")
        md_ms, docx_ms = warm_per_report(big, 200)
        results["批量中每份 Markdown (ms)"] = md_ms
        results["批量中每份 docx (ms)"] = docx_ms
        jobs = supports_jobs()
        for j in (1, 2):
            key = f"{args.n} 个文件 md+docx，-j {j} (s)"
            extra = ["-j", str(j)] if jobs else []
            if not jobs and j == 2:
                results[key] = None
                continue
            results[key] = timed([TZREPORT, "build", str(big), *extra], runs=3,
                                 out=root / f"out-j{j}")
        extra = ["-j", "2"] if jobs else []
        results["峰值内存 100 个文件 (MB)"] = peak_rss_mb(
            [TZREPORT, "build", str(hundred), "-o", str(root / "rss100"), *extra])
        results[f"峰值内存 {args.n} 个文件 (MB)"] = peak_rss_mb(
            [TZREPORT, "build", str(big), "-o", str(root / "rss-n"), *extra])
        # 200 files, one process, start-up included, against pandoc on the same Markdown
        two_hundred = root / "two-hundred"
        two_hundred.mkdir()
        for path in sorted(big.glob("*.yaml"))[:200]:
            shutil.copy(path, two_hundred / path.name)
        one_process = ["-j", "1"] if jobs else []
        results["200 个文件 md+docx，一个进程 (s)"] = timed(
            [TZREPORT, "build", str(two_hundred), *one_process], runs=3, out=root / "ours200")
        markdown = sorted((root / "ours200-0").glob("*.md"))
        pandoc_out = root / "pandoc"
        pandoc_out.mkdir()
        results["pandoc 200 个文件 md→docx，每个文件一个进程 (s)"] = pandoc_seconds(markdown, pandoc_out)
        proofread = root / "proofread"
        proofread.mkdir()
        bench_check.run(proofread, TZREPORT, ENV, results)
        results["预览：保存后页面收到刷新 (s)"] = preview_reload(one)
        results["预览：保存后页面收到刷新，轮询 (s)"] = preview_reload(one, poll=True)

        # PDF: Typst in the process, against LibreOffice (a folder per worker, and once per file)
        results["批量中每份 PDF，Typst (ms)"] = warm_pdf_ms(big, PDF_REPORTS)
        results["40 个成员的汇总 xlsx，同一进程 (s)"] = warm_rollup_xlsx_s(big, 40, root)
        results["冷启动 build 一个文件 pdf (s)"] = timed(
            [TZREPORT, "build", str(one), "-f", "pdf"], runs=5, out=root / "one-pdf")
        forty = root / "forty"
        forty.mkdir()
        for path in sorted(big.glob("*.yaml"))[:PDF_REPORTS]:
            shutil.copy(path, forty / path.name)
        for engine in ("typst", "libreoffice"):
            if engine == "libreoffice" and not (shutil.which("soffice") or shutil.which("libreoffice")):
                results[f"{PDF_REPORTS} 个文件 PDF，{engine}，-j 2 (s)"] = None
                continue
            results[f"{PDF_REPORTS} 个文件 PDF，{engine}，-j 2 (s)"] = timed(
                [TZREPORT, "build", str(forty), "-f", "pdf", "--pdf-engine", engine, *extra],
                runs=1 if engine == "libreoffice" else 3, out=root / f"pdf-{engine}")
        subprocess.run([TZREPORT, "build", str(forty), "-f", "docx", "-o", str(root / "docx40")],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
        one_by_one = root / "one-by-one"
        one_by_one.mkdir()
        results[f"{PDF_REPORTS} 个文件 PDF，LibreOffice 每个文件一个进程 (s，按 "
                f"{ONE_BY_ONE_SAMPLE} 个折算)"] = libreoffice_one_by_one(
            sorted((root / "docx40").glob("*.docx")), one_by_one)

    factor = max(1.0, reference / REFERENCE_SECONDS)
    print(f"机器：{platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}")
    print(f"本机参照：最小 typer 程序 --help 用时 {reference:.3f} 秒（DESIGN §6 的测量机器上为 "
          f"{REFERENCE_SECONDS} 秒），速度系数 {factor:.2f}；折算目标 = 目标 × 速度系数")
    print(f"{'项目':<40}{'结果':>10}{'目标':>8}{'判定':>8}{'折算目标':>10}{'判定':>8}")
    for name, value in results.items():
        if name in RATIO_TARGETS:
            limit = RATIO_TARGETS[name]
            shown = "—" if value is None else f"{value:.2f}×"
            print(f"{name:<40}{shown:>10}{'≤' + str(limit) + '×':>8}"
                  f"{'' if value is None else _verdict(value, limit):>8}")
            continue
        target = TARGETS.get(name.replace(str(args.n), "500"))
        shown = "—" if value is None else f"{value:.3f}"
        if target is None or value is None:
            print(f"{name:<40}{shown:>10}")
            continue
        scaled = target * factor
        print(f"{name:<40}{shown:>10}{target:>8}{_verdict(value, target):>8}"
              f"{scaled:>10.3f}{_verdict(value, scaled):>8}")
    ours, theirs = results["200 个文件 md+docx，一个进程 (s)"], \
        results["pandoc 200 个文件 md→docx，每个文件一个进程 (s)"]
    if ours and theirs:
        times = theirs / ours
        print(f"与 pandoc 相比：200 个文件 md+docx 一个进程，比 pandoc 每个文件一个进程只做 docx 快 "
              f"{times:.1f} 倍（目标至少 {PANDOC_TARGET:.0f} 倍，{'达标' if times >= PANDOC_TARGET else '未达标'}）")
    elif ours:
        print("与 pandoc 相比：没有 pandoc，未比较（见上面的提示）")
    typst_s = results.get(f"{PDF_REPORTS} 个文件 PDF，typst，-j 2 (s)")
    folder_s = results.get(f"{PDF_REPORTS} 个文件 PDF，libreoffice，-j 2 (s)")
    each_s = next((v for k, v in results.items() if "每个文件一个进程 (s，按" in k), None)
    if typst_s and each_s:
        print(f"{PDF_REPORTS} 份 PDF：Typst 比 LibreOffice 逐个转换快 {each_s / typst_s:.1f} 倍"
              f"（目标至少 20 倍）" + (f"，比 LibreOffice 整批转换快 {folder_s / typst_s:.1f} 倍"
                                   if folder_s else ""))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(
        {"machine": {"arch": platform.machine(), "cpus": os.cpu_count(),
                     "python": platform.python_version()},
         "reference_app_help_s": reference, "speed_factor": factor,
         "results": results, "targets": TARGETS}, ensure_ascii=False, indent=2), encoding="utf-8")


def _verdict(value: float, target: float) -> str:
    return "达标" if value <= target else "未达标"


if __name__ == "__main__":
    main()
