#!/usr/bin/env python3
"""check_html.py — checks that an outagesim HTML report is one well-formed, self-contained page
that carries the figures of the text report and of the JSON result.

usage: check_html.py PAGE.html [--text TEXT_REPORT] [--json RESULT.json]

Checks (standard library only):
  - it parses: every element closed in order (void elements excepted), one <html lang="en">;
  - self-contained: no <script>, no <link>, <iframe>, <object>, <embed>, no src= or href=
    pointing anywhere (only '#fragment' links), no url( or @import in styles;
  - every chart: an <svg> with role="img", an aria-label and a <title>, at least one axis
    label (text of class "axis-label"), and a <table> in the same section (its text
    alternative);
  - --text: every availability figure the text output prints (each number ending in '%' or
    ' %') is in the page's text, as printed;
  - --json: every connection's (and router's, flow's) name and availability verdict is there;
    for a sweep, each entity of the first point has a chart ("Availability of NAME ...");
    with "cost", every cost figure's mean, interval ends and p1/p5/p95/p99 are in a table
    cell of the page, formatted as money ("53,525.01"), and the currency is named (a sweep:
    each point's four means).
Prints 'ok: ...' and exits 0, or prints each problem and exits 1.
"""
import html.parser
import json
import re
import sys

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# SVG elements the writer closes with "/>"
SELF_CLOSING_OK = {"line", "rect", "circle", "polygon", "polyline", "path", "ellipse", "stop",
                   "use"}
FORBIDDEN_TAGS = {"script", "link", "iframe", "object", "embed", "img", "base", "frame",
                  "applet", "audio", "video", "source"}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.problems = []
        self.text = []
        self.html_lang = None
        self.n_html = 0
        self.svgs = []  # (has_role_img, aria_label, has_title, section_index)
        self.tables_in_section = {}
        self.section = 0
        self.in_title_of_svg = False
        self.style_text = []
        self.in_style = False
        self.cell = None
        self.cells = []  # the text of every table cell

    def where(self):
        line, col = self.getpos()
        return f"line {line}, column {col + 1}"

    def check_attrs(self, tag, attrs):
        for name, value in attrs:
            v = (value or "").strip()
            if name in ("src", "href", "xlink:href", "action", "formaction", "poster",
                        "data", "srcset", "background"):
                if not (name.endswith("href") and v.startswith("#")):
                    self.problems.append(f"{self.where()}: <{tag} {name}=\"{v}\"> loads or "
                                         "links something outside the page")
            if name.startswith("on"):
                self.problems.append(f"{self.where()}: <{tag} {name}=...>: an event handler "
                                     "(script)")
            if name == "style" and re.search(r"url\s*\(|@import|expression\s*\(", v, re.I):
                self.problems.append(f"{self.where()}: <{tag} style=...> loads something")

    def handle_starttag(self, tag, attrs):
        self.check_attrs(tag, attrs)
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"{self.where()}: <{tag}> is not allowed in a self-contained, "
                                 "script-free page")
        if tag == "html":
            self.n_html += 1
            self.html_lang = dict(attrs).get("lang")
        if tag == "section":
            self.section += 1
        if tag == "svg":
            a = dict(attrs)
            self.svgs.append([a.get("role") == "img", a.get("aria-label"), False, self.section,
                              0])
        if tag == "text" and "svg" in self.stack and \
                "axis-label" in (dict(attrs).get("class") or "").split():
            self.svgs[-1][4] += 1
        if tag in ("td", "th"):
            self.cell = []
        if tag == "title" and self.stack and self.stack[-1] == "svg":
            self.svgs[-1][2] = True
        if tag == "table":
            self.tables_in_section[self.section] = self.tables_in_section.get(self.section,
                                                                              0) + 1
        if tag == "style":
            self.in_style = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.check_attrs(tag, attrs)
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"{self.where()}: <{tag}> is not allowed")
        if tag not in VOID and tag not in SELF_CLOSING_OK:
            self.problems.append(f"{self.where()}: <{tag}/> self-closed")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag in ("td", "th") and self.cell is not None:
            self.cells.append("".join(self.cell).strip())
            self.cell = None
        if tag == "style":
            self.in_style = False
        if not self.stack:
            self.problems.append(f"{self.where()}: </{tag}> closes nothing")
            return
        if self.stack[-1] != tag:
            self.problems.append(f"{self.where()}: </{tag}> closes <{self.stack[-1]}>")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data):
        if self.in_style:
            self.style_text.append(data)
        else:
            self.text.append(data)
            if self.cell is not None:
                self.cell.append(data)


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    path = argv[1]
    text_path = json_path = None
    i = 2
    while i < len(argv):
        if argv[i] == "--text":
            text_path = argv[i + 1]
            i += 2
        elif argv[i] == "--json":
            json_path = argv[i + 1]
            i += 2
        else:
            print(f"check_html: unknown argument {argv[i]}", file=sys.stderr)
            return 2
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    p = Page()
    p.feed(raw)
    p.close()
    problems = list(p.problems)
    if not raw.startswith("<!DOCTYPE html>"):
        problems.append("the page does not start with <!DOCTYPE html>")
    if p.stack:
        problems.append(f"unclosed at the end: {' '.join('<%s>' % t for t in p.stack)}")
    if p.n_html != 1 or p.html_lang != "en":
        problems.append(f"expected one <html lang=\"en\">, got {p.n_html} (lang {p.html_lang})")
    style = "".join(p.style_text)
    if re.search(r"url\s*\(|@import|@font-face", style, re.I):
        problems.append("the stylesheet loads something (url(, @import or @font-face)")
    if re.search(r"<script", raw, re.I):
        problems.append("the page holds a <script>")
    for k, (role, label, title, section, axis_labels) in enumerate(p.svgs):
        if not role or not label or not title:
            problems.append(f"chart {k + 1}: needs role=\"img\", an aria-label and a <title>")
        if not axis_labels:
            problems.append(f"chart {k + 1} ({label}): no axis label")
        if not p.tables_in_section.get(section):
            problems.append(f"chart {k + 1}: no table of its data in its section")
    page_text = "".join(p.text)
    n_figures = 0
    if text_path:
        with open(text_path, encoding="utf-8") as f:
            text = f.read()
        figures = set(re.findall(r"\d+(?:\.\d+)? ?%", text))
        n_figures = len(figures)
        for fig in sorted(figures):
            if fig not in page_text:
                problems.append(f"the text report's figure {fig} is not in the page")
        if not figures:
            problems.append("the text report has no availability figure (wrong file?)")
    n_entities = 0
    if json_path:
        with open(json_path, encoding="utf-8") as f:
            result = json.load(f)
        points = result.get("points", [result])
        for point in points:
            for kind in ("connections", "routers", "flows"):
                for e in point.get(kind, []) or []:
                    n_entities += 1
                    if e["name"] not in page_text:
                        problems.append(f"{kind[:-1]} {e['name']} is not in the page")
                    verdict = (e.get("verdict") or {}).get("availability")
                    if verdict and verdict not in page_text:
                        problems.append(f"verdict {verdict} of {e['name']} is not in the page")
    n_money = 0
    if json_path:
        cells = set(p.cells)
        sweep = "points" in result
        labels = [label or "" for (_, label, _, _, _) in p.svgs]
        first = next((q for q in points if "skipped" not in q), {})
        for kind in ("connections", "routers", "flows") if sweep else ():
            for e in first.get(kind, []) or []:
                if not any(x.startswith(f"Availability of {e['name']}") for x in labels):
                    problems.append(f"sweep: no chart of {kind[:-1]} {e['name']}")
        for point in points:
            cost = point.get("cost")
            if not cost:
                continue
            if sweep:  # the sweep's cost table: the four means and the total's interval
                for name in ("infrastructure", "downtime", "credits", "total"):
                    n_money += 1
                    if f"{cost[name]['mean']:,.2f}" not in cells:
                        problems.append(f"sweep cost {name} {cost[name]['mean']:,.2f} is not "
                                        "in a table cell")
                continue
            if cost["currency"] not in page_text:
                problems.append(f"the currency {cost['currency']} is not in the page")
            for name in ("infrastructure", "downtime", "credits", "total"):
                f = cost[name]
                if not f or not f.get("n"):
                    continue
                values = [f["mean"], f["p1"], f["p5"], f["p95"], f["p99"]]
                for v in values:
                    n_money += 1
                    if f"{v:,.2f}" not in cells:
                        problems.append(f"cost {name}: {v:,.2f} is not in a table cell")
                if f["n"] > 1:
                    n_money += 1
                    iv = f"[{f['ci95'][0]:,.2f}, {f['ci95'][1]:,.2f}]"
                    if iv not in cells:
                        problems.append(f"cost {name}: interval {iv} is not in a table cell")
    for problem in problems:
        print(f"{path}: {problem}")
    if problems:
        return 1
    print(f"ok: {path}: well-formed, self-contained, {len(p.svgs)} charts, "
          f"{n_figures} text figures, {n_entities} entities and {n_money} cost figures found")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
