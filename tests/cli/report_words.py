#!/usr/bin/env python3
"""tests/cli/report_words.py — read a rendered report as a clerk would and fail on what must never reach
one (issue 13, "Done means"): a cell or sentence cut short, an English word or an internal code in the
Vietnamese output, "từ X … lên X" with equal numbers, a projection below the coverage rule, numbers and
words mixed in a CSV column.

    report_words.py DIR LANG [LONG_TEXT…]

DIR is a report folder (chiso report -o DIR), LANG vi or en. Every LONG_TEXT given must appear whole in
report.md, report.html, the CSV tables and the workbook (the test with long values). Prints one line per
finding and exits 1 when there is any."""
import csv
import glob
import html
import os
import re
import sys
import zipfile

d, lang = sys.argv[1], sys.argv[2]
longs = [a for a in sys.argv[3:] if not a.startswith("--")]
need_projection = "--no-projection-check" not in sys.argv
titled_sources = "--titled-sources" in sys.argv
fails = []


def fail(what):
    fails.append(what)
    print("FAIL " + what)


def read(p):
    with open(p, encoding="utf-8") as f:
        return f.read()


md = read(os.path.join(d, "report.md"))
page = read(os.path.join(d, "report.html"))
# the visible text of the page (charts are inline SVG: their <text> is visible too)
visible = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<style.*?</style>", " ", page)))
with zipfile.ZipFile(os.path.join(d, "report.xlsx")) as z:
    sheets = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    # shared strings, or strings inline in the cells (a big workbook is written in constant memory)
    shared = z.read("xl/sharedStrings.xml").decode("utf-8") if "xl/sharedStrings.xml" in z.namelist() else ""
    strings = html.unescape(shared + "".join(re.findall(r"<is>.*?</is>", "".join(sheets))))
tables = {os.path.basename(p): list(csv.reader(open(p, encoding="utf-8"))) for p in glob.glob(os.path.join(d, "tables", "*.csv"))}
csv_text = "\n".join(read(p) for p in glob.glob(os.path.join(d, "tables", "*.csv")))
svg_text = ""
for p in glob.glob(os.path.join(d, "charts", "*.svg")):
    # cairo writes glyphs, not text: the chart words are checked through the HTML's figure captions and
    # the catalogue test; here only the file names
    svg_text += os.path.basename(p) + "\n"

# --- 0. sources by their titles (the default dataset's sources.csv) ---------------------------------------
if titled_sources:
    for where, text in (("report.md", md), ("report.html", visible)):
        for sid in ("000_17d250f75772683e.txt", "004_b8e6640e92ee97b5.txt"):
            if sid in text:
                fail("%s names a source by its file name %s, not by its title" % (where, sid))
        # the Sources section: the report's own title, verbatim; the history's described title in brackets
        if "BÁO CÁO sơ kết 03 năm thực hiện Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị" not in text:
            fail("%s: the Sources section lacks the title of the three-year review" % where)
        if "[Lịch sử Đảng bộ Khối các cơ quan thành phố Hải Phòng (1994–2024)]" not in text:
            fail("%s: the Sources section lacks the described title of the history, in brackets" % where)
        # the tables' cells: the short title and the line
        if not re.search(r"\[Lịch sử Đảng bộ Khối \(1994–2024\)\], (dòng|line) \d", text):
            fail("%s: no table cell names the history by its short title and a line" % where)
    src_rows = tables.get("sources.csv", [])
    if not src_rows or {r[0] for r in src_rows[1:]} != {"000_17d250f75772683e.txt", "004_b8e6640e92ee97b5.txt"}:
        fail("tables/sources.csv: the first column must keep the source ids for a machine")
    if "000_17d250f75772683e.txt" not in csv_text or "000_17d250f75772683e.txt" not in strings + "".join(sheets):
        fail("the CSV tables and the workbook must keep the source ids")

# --- 1. nothing cut short ----------------------------------------------------------------------------
def md_cells(text):
    for line in text.splitlines():
        if line.startswith("|") and not re.match(r"^\|[-:| ]+$", line):
            for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]:
                yield cell.strip()


def balanced(s):
    # an interval may close a "(" with "]": count both kinds together
    return s.count("(") + s.count("[") == s.count(")") + s.count("]") and s.count("“") == s.count("”")


for cell in md_cells(md):
    if not balanced(cell) or re.search(r"(\(|[<>≤≥] ?|từ|trên|dưới|from|over|under)$", cell):
        fail("a table cell cut short: %r" % cell[-80:])
for line in md.splitlines():
    if line.startswith("- ") or (line and line[0].isalpha()):
        if not balanced(line):
            fail("a sentence cut short: %r" % line[-80:])
for name, rows in tables.items():
    for r in rows:
        for cell in r:
            if not balanced(cell):
                fail("%s: a cell cut short: %r" % (name, cell[-80:]))
# a bare comparison sign with a cut number: "> 2" where the figure was "> 273.889" cannot be told from a
# whole one by itself, so the long values below are the check of that; here, no cell of a table ends in the
# middle of a number group ("1.2" from "1.247" would end in a group of fewer than 3 digits after a dot)
for cell in md_cells(md):
    if lang == "vi" and re.search(r"\d\.\d{1,2}$", cell):
        fail("a number cut short: %r" % cell)

for s in longs:
    # "doc:TEXT" only in the documents, "data:TEXT" only in the CSV files and the sheets (numbers there are plain)
    kind, _, s = s.partition(":") if s.startswith(("doc:", "data:")) else ("", "", s)
    places = (("report.md", md), ("report.html", visible), ("tables/*.csv", csv_text), ("report.xlsx", strings + "".join(sheets)))
    for where, text in places:
        if (kind == "doc" and where in ("tables/*.csv", "report.xlsx")) or (kind == "data" and where in ("report.md", "report.html")):
            continue
        if s not in text:
            fail("the long text %r… is not whole in %s" % (s[:30], where))

# --- 2. no English word and no internal code in Vietnamese -------------------------------------------
if lang == "vi":
    banned = [
        r"\beach_year\b", r"\bannual_mean\b", r"\(total\)", r"\bpoint\)", r"\bNOT_MET\b", r"\bON_TRACK\b",
        r"\bOFF_TRACK\b", r"\bAT_RISK\b", r"\bNO_DATA\b", r"\bINDETERMINATE\b", r"illustrative(?!-targets\.csv)",
        r"\blines? \d", r"\bdbk-hp\b", r"\bcb-bdv\b", r"\bmức \d trở lên", r"≥ 0\b", r"\bStart\b", r"\bfirst day\b",
        r"\bNOMINAL\b", r"\brose\b", r"\bfell\b", r"\bcannot\b", r"\bwarning\b", r"\berror\b", r"\blevel \d",
        r"\bor better\b", r"\ba year\b", r"\bterm\b", r"\bflow\b", r"\bstock\b", r"\bper cent\b", r"\bmet\b",
        r"\bon track\b", r"\boff track\b", r"\bat risk\b", r"\bno data\b", r"\bunknown\b", r"\(level",
        r"\d{4}-\d{2}-\d{2}",  # ISO dates: Vietnamese writes 31/12/2024
        # words docs/style-vi.md retired: "chậm tiến độ" read milder than "có nguy cơ không đạt"
        r"chậm tiến độ", r"đúng tiến độ", r"giữ nguyên ở mức",
    ]
    # file names and chart/table names are codes the reader does not read as words: strip them first
    def words_of(text):
        text = re.sub(r"`[^`]*`", " ", text)
        text = re.sub(r"\(?(charts|tables)/[\w.-]+\)?", " ", text)
        text = re.sub(r"[\w.-]+\.(txt|csv|png|svg)\b", " ", text)
        return text

    for where, text in (("report.md", md), ("report.html", visible), ("report.xlsx", strings), ("tables/*.csv", csv_text)):
        t = words_of(text)
        for pat in banned:
            for m in re.finditer(pat, t):
                ctx = t[max(0, m.start() - 40): m.end() + 20].replace("\n", " ")
                fail("%s: English or a code (%s): …%s…" % (where, pat, ctx))
                break

# --- 2b. a target's own place: in words in Vietnamese, by its file in English (docs/style-vi.md §5) ------
if lang == "vi":
    for where, text in (("report.md", md), ("report.html", visible), ("report.xlsx", strings), ("tables/*.csv", csv_text)):
        m = re.search(r"(?<![/\w-])(illustrative-)?targets\.csv", text)
        if m:
            fail("%s: a file of targets named by its English file name: …%s…" % (where, text[max(0, m.start() - 40): m.end() + 20]))
    if "(minh họa)" in md and re.search(r"\| [^|]*bảng chỉ tiêu minh họa, dòng \d+ \|", md) is None:
        fail("report.md: an illustrative target without its place 'bảng chỉ tiêu minh họa, dòng N'")
elif "(illustrative)" in md and re.search(r"target: illustrative-targets\.csv line \d+ \|", md) is None:
    fail("report.md: an illustrative target without its place 'target: illustrative-targets.csv line N'")

# --- 2c. a report's own verdict beside an illustrative target says it is about the real target --------
says, about = {"vi": (r"báo cáo ghi '[^']*'", "đối với chỉ tiêu thực của Nghị quyết"),
               "en": (r"the report says '[^']*'", "of the resolution's real target")}[lang]
mark = {"vi": "(minh họa)", "en": "(illustrative)"}[lang]
for line in md.splitlines():
    if line.startswith("|") and mark in line:
        for m in re.finditer(says, line):
            if not line[m.end():].startswith(" " + about):
                fail("report.md: a report's verdict beside an illustrative target reads as about it: …%s…" % line[m.start() - 60: m.end() + 30])

# --- 3. never "from X to X" with equal numbers ---------------------------------------------------------
num = r"(\d[\d.,]*%?)(?= )"
end = r"(?![\d%]|[.,]\d)"
pats = [r"từ " + num + r"[^.;]*? (?:lên|xuống) \1" + end] if lang == "vi" else [r"from " + num + r"[^.;]*? to \1" + end]
for line in md.splitlines():
    for p in pats:
        m = re.search(p, line)
        if m:
            fail("a change between equal numbers: %r" % m.group(0))

# --- 4. projections only where the coverage rule allows, numbers apart from words ----------------------
cov_h = {"vi": "số năm có số liệu", "en": "years covered"}[lang]
len_h = {"vi": "số năm của nhiệm kỳ", "en": "years of the term"}[lang]
proj_h = {"vi": "cả nhiệm kỳ theo nhịp độ hiện tại", "en": "whole term at that pace"}[lang]
checked = 0
for name, rows in tables.items():
    if not rows:
        continue
    h = rows[0]
    if cov_h in h and proj_h in h:
        ic, il, ip = h.index(cov_h), h.index(len_h), h.index(proj_h)
        for r in rows[1:]:
            if r[ip] or r[ip + 1]:
                checked += 1
                cov, tl = float(r[ic]), float(r[il])
                if cov < 1.0 - 1e-9 or cov < 0.2 * tl - 1e-9:
                    fail("%s: a projection from %.2f of %.2f years: %r" % (name, cov, tl, r[:2]))
    # a column of numbers holds numbers only ("> 4.000" beside 1190.709 is refused)
    for k, head in enumerate(h):
        vals = [r[k] for r in rows[1:] if k < len(r) and r[k] != ""]
        nums = [v for v in vals if re.fullmatch(r"-?\d+(\.\d+)?", v)]
        if nums and len(nums) != len(vals):
            fail("%s: column %r mixes numbers and words: %r" % (name, head, [v for v in vals if v not in nums][:3]))
if checked == 0 and need_projection:
    fail("no projection found in the tables: the check of the coverage rule checked nothing")

print("%s: %d findings" % (lang, len(fails)))
sys.exit(1 if fails else 0)
