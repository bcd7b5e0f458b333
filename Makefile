# 常用命令：make demo（安装并生成示例报告到 out/）、make test（运行全部测试）、
# make dist（把安装包 .whl 和源码包 .tar.gz 做到 dist/，可以拷给同事安装）、
# make fuzz（每项性质用 10000 个随机生成的输入测试，需要几十分钟）、
# make fuzz-sandbox（10000 个随机生成的模板试探沙箱），
# make test-windows（在 Wine 中用 Windows 版 Python 运行 Windows 专项测试，见 docs/安全.md 的“Windows”一节）。
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-windows dist fuzz fuzz-sandbox lint bench clean

$(BIN)/python:
	@echo "正在把 tzreport 安装到 $(VENV)（第一次需要一两分钟）……"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --quiet --upgrade pip

# --quiet twice: pip shows only errors, so `make demo` prints the reports and nothing else
$(STAMP): pyproject.toml | $(BIN)/python
	@$(BIN)/python -m pip install --quiet --quiet -e ".[test]"
	@touch $(STAMP)

demo: $(STAMP)
	@# one line per report written would be ~40 lines: errors still show (stderr), then the Word files
	@$(BIN)/tzreport build $(filter-out examples/ci/,$(sort $(wildcard examples/*/))) -o out > /dev/null
	@echo "示例报告（每份都有 .md 和 .docx）已生成在 out/ 文件夹："
	@cd out && find . -name '*.docx' | sed 's|^\./|  |' | sort

# the wheel and the sdist a colleague installs with `py -m pip install tzreport-….whl` (README 安装)
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .

test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The Windows suite (tests/windows) under the Windows build of Python, run by Wine with code page
# 936; first run sets everything up in .cache/windows (a few minutes), later runs reuse it.
# Arguments for pytest: make test-windows ARGS="-k preview"
test-windows: $(STAMP)
	tests/windows/run.sh $(ARGS)

fuzz: $(STAMP)
	$(BIN)/python -m pytest tests/project/test_properties.py --hypothesis-profile=fuzz --hypothesis-show-statistics

# 10000 generated templates against the sandbox: none may run a command, open a file, or pass the limits
fuzz-sandbox: $(STAMP)
	$(BIN)/python -m pytest tests/render/test_sandbox_fuzz.py --hypothesis-profile=fuzz --hypothesis-show-statistics

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) out build dist *.egg-info .hypothesis

bench: $(STAMP)
	$(BIN)/python scripts/bench.py
