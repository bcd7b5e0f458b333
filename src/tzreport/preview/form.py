"""The editor's pages: a data file's form beside its report, and a folder's list of data files.

The form is rendered here, on the server, from the data model (fields.py walks the pydantic
models: a key added to the format shows up without a line here), each field labelled with its
key and the model's description. Lists add, remove and move entries by copying a <template> of
their entry's model (one per model, whatever its depth). The one hand-written script below reads
the form back into the data's shape (the keys of the file), sends it to be rendered as the report
will print (and saved), and shows each error of the loader beside the field it names. Nothing
is loaded from anywhere but this server.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel

from tzreport.preview.core import TOKEN
from tzreport.preview.fields import Field, fields, models_in_form

_CSS = """
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 sans-serif; color: #222; background: #eee; }
.bar { position: sticky; top: 0; z-index: 3; display: flex; gap: 10px; align-items: center;
  flex-wrap: wrap; background: #2b2b2b; color: #fff; padding: 6px 12px; }
.bar a, .bar button { color: #222; background: #ffd479; border: 0; border-radius: 3px;
  padding: 4px 10px; font: inherit; text-decoration: none; cursor: pointer; }
.bar .state { color: #cfc; } .bar .state.bad { color: #ff9c9c; }
.wrap { display: grid; grid-template-columns: minmax(360px, 44%) 1fr; height: calc(100vh - 42px); }
#form { overflow-y: auto; padding: 8px 12px 40px; background: #fafafa; border-right: 1px solid #ccc; }
#report { width: 100%; height: 100%; border: 0; background: #e8e8e8; }
.field { display: block; margin: 6px 0; }
.field > label { display: flex; gap: 8px; align-items: baseline; }
.k { flex: 0 0 5.5em; font-weight: bold; }
.req { color: #c00; margin-left: 2px; }
input[type=text], textarea, select { flex: 1; min-width: 0; font: inherit; padding: 3px 5px;
  border: 1px solid #aaa; border-radius: 3px; background: #fff; }
textarea { min-height: 4.5em; resize: vertical; }
.help { display: block; margin-left: 6.2em; color: #666; font-size: 12px; }
details.field { border: 1px solid #ccd; border-radius: 4px; padding: 4px 8px; background: #fff; }
details.field > summary { cursor: pointer; font-weight: bold; }
details.field > summary .help { display: inline; margin-left: 8px; font-weight: normal; }
.lh { font-weight: bold; } .lh .help { display: inline; margin-left: 8px; font-weight: normal; }
ol.list { margin: 4px 0; padding-left: 22px; }
ol.list > li { border-left: 3px solid #9bc; padding: 2px 0 2px 8px; margin: 6px 0; }
.tools { float: right; } .tools button, button.add { font: inherit; font-size: 12px;
  padding: 1px 6px; margin-left: 2px; cursor: pointer; }
.err { color: #b00; font-weight: bold; }
.err > span { display: block; } .err > .w { color: #a55a00; font-weight: normal; font-size: 13px; }
.err:empty { display: none; }
.has-error > label input, .has-error > label textarea { border-color: #c00; background: #fff4f4; }
#summary:empty { display: none; }
#summary { max-height: 30vh; overflow-y: auto; margin: 6px 0; padding: 6px 10px; background: #fff; border-left: 4px solid #d93; }
#summary a { color: #05c; cursor: pointer; }
.pick { flex: 0 0 2.2em; margin-left: 6.2em; }
.up { color: #222; background: #cde; border-radius: 3px; padding: 4px 10px; cursor: pointer; }
"""

# Reads the form into the data's shape, sends it to be shown and saved; puts each error beside
# its field. Paths ("思想引领.工作[0].内容") are the loader's, so its messages find their field.
_SCRIPT = r"""
(function () {
  var form = document.getElementById("form"), root = document.getElementById("root");
  var frame = document.getElementById("report"), state = document.getElementById("state");
  var summary = document.getElementById("summary"), key = form.dataset.key;
  var base = form.dataset.base, timer = null, sent = 0, dirty = false;
  function value(field) { return field.querySelector("[data-v]"); }
  function read(el, path) {
    var t = el.dataset.v, out, n = 0;
    if (t === "s") { return el.value.trim() === "" ? undefined : el.value; }
    if (t === "b") { return el.checked ? true : undefined; }
    if (t === "o") {
      out = {};
      el.querySelectorAll(":scope > .field").forEach(function (f) {
        var p = (path ? path + "." : "") + f.dataset.key, v = read(value(f), p);
        f.dataset.path = p;
        if (v !== undefined) { out[f.dataset.key] = v; n++; }
      });
      return n ? out : undefined;
    }
    out = [];
    el.querySelectorAll(":scope > li").forEach(function (li) {
      var p = path + "[" + out.length + "]", v = read(value(li), p);
      li.dataset.path = p;
      if (v !== undefined) { out.push(v); }
    });
    return out.length ? out : undefined;
  }
  function say(text, bad) { state.textContent = text; state.className = "state" + (bad ? " bad" : ""); }
  function place(path) {
    while (path) {
      var found = form.querySelector('[data-path="' + CSS.escape(path) + '"]');
      if (found) { return found; }
      path = path.replace(/(\.[^.\[]*|\[\d+\])$/, "");
    }
    return null;
  }
  function show(result) {
    form.querySelectorAll(".err").forEach(function (e) { e.textContent = ""; });
    form.querySelectorAll(".has-error").forEach(function (e) { e.classList.remove("has-error"); });
    summary.textContent = "";
    var listed = (result.errors || []).concat(result.findings || []);
    if (listed.length) {
      var head = document.createElement("strong");
      head.textContent = (result.errors || []).length ? "数据有误：" : "检查结果：";
      summary.appendChild(head);
      var list = document.createElement("ol");
      summary.appendChild(list);
    }
    listed.forEach(function (d) {
      var at = d.field ? place(d.field) : null, item = document.createElement("li");
      item.textContent = (d.field ? d.field + "：" : "") + d.message;
      if (at) {
        var err = at.querySelector(":scope > .err"), said = document.createElement("span");
        said.className = d.error ? "e" : "w";
        said.textContent = d.message;
        if (err) { err.appendChild(said); }
        if (d.error) { at.classList.add("has-error"); }
        var go = document.createElement("a");
        go.textContent = " 转到";
        go.onclick = function () { at.scrollIntoView({block: "center"}); var c = value(at); if (c && c.focus) { c.focus(); } };
        item.appendChild(go);
      }
      list.appendChild(item);
    });
    if (result.page) {
      var y = frame.contentWindow ? frame.contentWindow.scrollY : 0;
      frame.onload = function () { frame.contentWindow.scrollTo(0, y); };
      frame.srcdoc = result.page;
    }
  }
  function post(what, body, done) {
    var number = ++sent;
    fetch("/" + what + "/" + encodeURIComponent(key), {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)})
      .then(function (r) { return r.json().then(function (j) { return [r.status, j]; }); })
      .then(function (a) { done(a[0], a[1], number === sent); })
      .catch(function () { say("无法连接 tzreport（已停止？）", true); });
  }
  function render() {
    say("正在生成预览…");
    post("render", {values: read(root, "") || {}}, function (status, result, latest) {
      if (!latest) { return; }
      show(result);
      say(dirty ? "未保存" + ((result.errors || []).length ? "（数据有误）" : "") : "已保存",
          (result.errors || []).length > 0);
    });
  }
  function changed() { dirty = true; clearTimeout(timer); timer = setTimeout(render, 250); }
  form.addEventListener("input", changed);
  form.addEventListener("change", function (e) {
    if (e.target.classList.contains("pick") && e.target.value) {
      e.target.parentNode.querySelector("[data-v]").value = e.target.value;
    }
    changed();
  });
  form.addEventListener("click", function (e) {
    var b = e.target.closest("button");
    if (!b) { return; }
    var li = b.closest("li");
    if (b.classList.contains("add")) {
      var list = b.parentNode.querySelector(":scope > ol");
      var entry = document.getElementById(list.dataset.item).content.firstElementChild.cloneNode(true);
      list.appendChild(entry);
      var first = entry.querySelector("input, textarea, select");
      if (first) { first.focus(); }
    } else if (b.dataset.move === "up" && li.previousElementSibling) {
      li.parentNode.insertBefore(li, li.previousElementSibling);
    } else if (b.dataset.move === "down" && li.nextElementSibling) {
      li.parentNode.insertBefore(li.nextElementSibling, li);
    } else if (b.dataset.move === "del") {
      li.remove();
    } else { return; }
    changed();
  });
  document.getElementById("save").addEventListener("click", function () {
    say("正在保存…");
    post("save", {base: base, values: read(root, "") || {}}, function (status, result) {
      if (status === 200) { base = result.base; dirty = false; show(result); say("已保存"); return; }
      say(result.message || "保存失败", true);
      if (status === 409 && confirm(result.message + "\n\n现在重新载入吗？（表单中未保存的修改会丢失）")) { location.reload(); }
    });
  });
  window.tzreportDirty = function () { return dirty; };
  read(root, "");
  show(JSON.parse(document.getElementById("first").textContent));
})();
"""


# A Word report or an Excel ledger dropped onto the page (or chosen with the button) is sent to
# import: a ledger may go into the open file, anything else becomes a new data file.
_UPLOAD = r"""
(function () {
  var key = document.body.dataset.key || "", chooser = document.getElementById("upload");
  function send(file) {
    var m = /\.[^.]+$/.exec(file.name || ""), suffix = m ? m[0].toLowerCase() : "";
    var ledger = [".xlsx", ".xls", ".ods"].indexOf(suffix) >= 0;
    var into = key && ledger && confirm("把“" + file.name + "”中的活动添加到 " + key + " 吗？\n（取消：导入为新的数据文件）");
    if (into && window.tzreportDirty && window.tzreportDirty() &&
        !confirm("表单中还有未保存的修改，导入后重新载入表单时会丢失。继续吗？")) { return; }
    fetch("/import" + (into ? "/" + encodeURIComponent(key) : ""), {method: "POST",
      credentials: "same-origin", headers: {"X-File-Suffix": suffix}, body: file})
      .then(function (r) { return r.json(); })
      .then(function (j) {
        if (j.go) { location.href = j.go; return; }
        alert(j.message);
        if (j.reload) { location.reload(); }
      })
      .catch(function () { alert("导入失败：无法连接 tzreport，或文件太大（不能超过 20 MB）"); });
  }
  chooser.addEventListener("change", function () { if (chooser.files[0]) { send(chooser.files[0]); } });
  document.addEventListener("dragover", function (e) { e.preventDefault(); });
  document.addEventListener("drop", function (e) {
    e.preventDefault();
    if (e.dataTransfer.files[0]) { send(e.dataTransfer.files[0]); }
  });
})();
"""
_CHOOSER = ('<label class="up">导入 Word/Excel…<input type="file" id="upload" hidden '
            'accept=".docx,.doc,.txt,.md,.xlsx,.xls,.ods"></label>')


def _help(field: Field) -> str:
    return f'<small class="help">{escape(field.help)}</small>' if field.help else ""


def _scalar(field: Field, value: Any) -> str:
    kind, key = field.shape[0], escape(field.key)
    text = "" if value is None else escape(str(value), quote=True)
    # the key alone is the control's accessible name; "required" says the rest to a screen reader
    mark = '<b class="req" aria-hidden="true">*</b>' if field.required else ""
    label = f'<span class="k">{key}{mark}</span>'
    needed = " required" if field.required else ""
    if kind == "bool":
        control = f'<input type="checkbox" data-v="b"{" checked" if value else ""}>'
    elif kind == "long":
        control = f'<textarea data-v="s" rows="3"{needed}>{text}</textarea>'
    elif kind == "choice":
        options = "".join(f'<option{" selected" if str(v) == str(value) else ""}>{escape(str(v))}</option>'
                          for v in field.shape[1])
        control = f'<select data-v="s"><option value="">（不写：默认）</option>{options}</select>'
    else:
        numeric = ' inputmode="numeric"' if kind == "int" else ""
        control = f'<input type="text" data-v="s" value="{text}"{numeric}{needed}>'
    pick = (f'<input type="date" class="pick" aria-label="用日历选择{key}" tabindex="-1">'
            if kind == "date" else "")
    return (f'<div class="field" data-key="{key}"><label>{label}{control}</label>{pick}'
            f'{_help(field)}<div class="err" role="alert"></div></div>')


def _object(model: type[BaseModel], value: Any) -> str:
    values = value if isinstance(value, dict) else {}
    return '<div data-v="o">' + "".join(_field(f, values.get(f.key)) for f in fields(model)) + "</div>"


def _entry(shape: tuple[Any, ...], value: Any, key: str) -> str:
    tools = ('<span class="tools"><button type="button" data-move="up" aria-label="上移">↑</button>'
             '<button type="button" data-move="down" aria-label="下移">↓</button>'
             '<button type="button" data-move="del" aria-label="删除这一项">删除</button></span>')
    if shape[0] == "model":
        inner = _object(shape[1], value)
    else:
        text = "" if value is None else escape(str(value), quote=True)
        inner = f'<input type="text" data-v="s" value="{text}" aria-label="{escape(key)}">'
    return f'<li>{tools}{inner}<div class="err" role="alert"></div></li>'


def _template_id(shape: tuple[Any, ...]) -> str:
    return f"t-{shape[1].__name__}" if shape[0] == "model" else "t-text"


def _field(field: Field, value: Any) -> str:
    kind, key = field.shape[0], escape(field.key)
    if kind == "model":
        opened = " open" if value else ""
        return (f'<details class="field" data-key="{key}"{opened}><summary>{key}{_help(field)}</summary>'
                f'{_object(field.shape[1], value)}<div class="err" role="alert"></div></details>')
    if kind == "list":
        inner = field.shape[1]
        entries = "".join(_entry(inner, v, field.key) for v in (value if isinstance(value, list) else []))
        return (f'<div class="field" data-key="{key}"><div class="lh">{key}{_help(field)}</div>'
                f'<ol class="list" data-v="l" data-item="{_template_id(inner)}">{entries}</ol>'
                f'<button type="button" class="add">添加{key}</button>'
                f'<div class="err" role="alert"></div></div>')
    return _scalar(field, value)


def _templates() -> str:
    found = [f'<template id="t-text">{_entry(("text",), None, "")}</template>']
    for model in models_in_form():
        found.append(f'<template id="t-{model.__name__}">{_entry(("model", model), None, "")}</template>')
    return "".join(found)


def _page(title: str, bar: str, body: str, script: str = "", key: str = "") -> str:
    return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)} · tzreport 填写</title>\n<style>{_CSS}</style>\n</head>\n"
            f'<body data-key="{escape(key)}">\n'
            f'<div class="bar">{bar}</div>\n{body}\n{script}<script>{_UPLOAD}</script>\n</body>\n</html>\n')


def edit_page(key: str, values: dict[str, Any], base: str, first: str, single: bool,
              pdf: bool) -> str:
    """A data file's form (filled with its values) beside its report. `first` is the JSON of
    the first rendering (the report page and the findings), shown before any change."""
    from tzreport.data import models

    link = quote(key)
    downloads = [f'<a href="/download/{link}.docx?t={TOKEN}">下载 Word</a>']
    if pdf:
        downloads.append(f'<a href="/download/{link}.pdf?t={TOKEN}">下载 PDF</a>')
    bar = ("" if single else '<a href="/">← 全部</a>') + (
        f'<strong>{escape(key)}</strong><button type="button" id="save">保存</button>'
        f'<span id="state" class="state" role="status">已保存</span>'
        f'{"".join(downloads)}<small>（下载的是已保存的内容）</small>{_CHOOSER}')
    root = _object(models.Report, values).replace('<div data-v="o">', '<div data-v="o" id="root">', 1)
    body = (f'<div class="wrap"><form id="form" data-key="{escape(key)}" data-base="{escape(base)}"'
            f' onsubmit="return false"><div id="summary" role="region" aria-label="错误和检查结果"></div>'
            f'{root}{_templates()}</form>'
            f'<iframe id="report" title="报告预览"></iframe></div>\n'
            f'<script type="application/json" id="first">{_json_in_html(first)}</script>')
    return _page(key, bar, body, f"<script>{_SCRIPT}</script>\n", key)


def _json_in_html(text: str) -> str:
    # "</script>" (or "<!--") inside a value must not end the block
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def index_page(folder_name: str, keys: list[str], examples: dict[str, str], year: int,
               message: str = "") -> str:
    """A folder's data files, each opening its form, and "新建" from a shipped example."""
    rows = "".join(f'<li><a href="/edit/{quote(k)}">{escape(k)}</a></li>' for k in keys)
    options = "".join(f'<option value="{escape(name)}">{escape(name)}：{escape(summary)}</option>'
                      for name, summary in examples.items())
    body = (
        f'<div style="max-width: 60em; margin: 16px auto; background: #fff; padding: 12px 20px">'
        f"<h1>{escape(folder_name)}</h1>"
        + (f'<p class="err" role="alert">{escape(message)}</p>' if message else "")
        + (f"<h2>数据文件</h2><ol>{rows}</ol>" if rows else "<p>这个文件夹里还没有数据文件。</p>")
        + '<h2>新建报告</h2><form method="post" action="/new">'
        f'<input type="hidden" name="t" value="{TOKEN}">'
        f'<p><label><span class="k">示例</span> <select name="example">{options}</select></label></p>'
        '<p><label><span class="k">单位</span> <input type="text" name="unit" required '
        'placeholder="如：京汉新城社区"></label></p>'
        f'<p><label><span class="k">年度</span> <input type="text" name="year" value="{year}" '
        'inputmode="numeric"></label></p>'
        '<p><button type="submit">新建</button></p></form></div>'
    )
    bar = f"<strong>tzreport 填写报告</strong>{_CHOOSER}<small>（也可以把文件拖到页面上）</small>"
    return _page(folder_name, bar, body)
