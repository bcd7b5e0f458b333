# 常用命令：make demo（安装并生成示例报告到 out/）、make test（运行全部测试）、
# make fuzz（每项性质用 10000 个随机生成的输入测试，需要几十分钟）、
# make fuzz-sandbox（10000 个随机生成的模板试探沙箱）。
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test fuzz fuzz-sandbox lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/tzreport build examples -o out
	@echo "示例报告已生成在 out/ 文件夹。"

test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

fuzz: $(STAMP)
	$(BIN)/python -m pytest tests/test_properties.py --hypothesis-profile=fuzz --hypothesis-show-statistics

# 10000 generated templates against the sandbox: none may run a command, open a file, or pass the limits
fuzz-sandbox: $(STAMP)
	$(BIN)/python -m pytest tests/test_sandbox_fuzz.py --hypothesis-profile=fuzz --hypothesis-show-statistics

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) out build dist *.egg-info .hypothesis

bench: $(STAMP)
	$(BIN)/python scripts/bench.py
