#!/usr/bin/env bash
# tests/cli/output_safety.sh — chiso never destroys what it did not write (issue #11 §1):
#   1. --force replaces only a folder chiso wrote; any other folder is refused whatever the flags, and
#      a chiso folder where a user put a file of their own is refused too;
#   2. an output that resolves (links, "..", ".", trailing slashes) to an input, into the dataset
#      folder, or to a folder that holds an input is refused with exit 2, for every command that writes;
#   3. "-o out/" works (what tab completion writes);
#   4. what a killed run left ("OUT.tmp-PID", "OUT.old-PID", "OUT.tmpPID") is cleaned when process PID
#      no longer exists, and kept when it does;
#   5. text a spreadsheet would run as a formula is neutralised in CSV and XLSX tables, numbers stay
#      numbers; markup in names is inert in report.md;
#   6. -o at a file, at /proc, at a full disk (a 64 KiB tmpfs when it can be mounted, else ulimit -f):
#      a clear error, nothing half-written, the input byte-identical.
# Environment (set by CTest): CHISO_BIN, CHISO_SOURCE_DIR.
set -u
bin=${CHISO_BIN:?CHISO_BIN is not set}
src=${CHISO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
tmp=$(mktemp -d)
small=""
cleanup() {
    [ -n "$small" ] && umount "$small" 2>/dev/null
    [ -n "${sleeper:-}" ] && kill "$sleeper" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp" || exit 2
export CHISO_LANG=en
fails=0
n=0
ok() { n=$((n + 1)); echo "PASS $n $1"; }
no() { n=$((n + 1)); echo "FAIL $n $1"; fails=$((fails + 1)); }

# every entry below the paths with the sha256 of every file (links listed, never followed)
snap() {
    local p
    for p in "$@"; do
        if [ -e "$p" ] || [ -L "$p" ]; then
            find "$p" | LC_ALL=C sort | while IFS= read -r f; do
                if [ -L "$f" ]; then echo "L $f $(readlink "$f")"
                elif [ -f "$f" ]; then echo "F $f $(sha256sum <"$f" | cut -c1-64)"
                else echo "D $f"; fi
            done
        else
            echo "- $p"
        fi
    done
}

# refused NAME WANT_EXIT WORDS -- COMMAND...: exits WANT_EXIT, stderr has WORDS, and nothing below
# the folder changed (the dataset, the outputs, everything written beside them)
refused() {
    local name=$1 want=$2 words=$3 before after rc
    shift 4
    before=$(snap "$tmp/w")
    "$@" >"$tmp/out.txt" 2>"$tmp/err.txt"
    rc=$?
    after=$(snap "$tmp/w")
    if [ "$rc" -ne "$want" ]; then
        no "$name: exit $rc, expected $want"; sed 's/^/    | /' "$tmp/err.txt" | head -5
    elif ! grep -qF -- "$words" "$tmp/err.txt"; then
        no "$name: no message '$words'"; sed 's/^/    | /' "$tmp/err.txt" | head -5
    elif [ "$before" != "$after" ]; then
        no "$name: files changed"; diff <(echo "$before") <(echo "$after") | head -5
    else
        ok "$name (exit $want)"
    fi
}

mkdir -p w && cd w || exit 2
cp -r "$src/datasets/haiphong" ds
# ---- 1. folders chiso did not write -----------------------------------------------------------------
refused "report DS -o DS --force (the dataset)" 2 "would replace the input 'ds'" -- "$bin" report ds -o ds --force
refused "report DS -o DS/ --force" 2 "would replace the input 'ds'" -- "$bin" report ds -o ds/ --force
mkdir docs && echo "my letter" >docs/letter.txt && mkdir docs/sub && echo x >docs/sub/y.txt
refused "report -o a folder of the user's --force" 2 "was not written by chiso" -- "$bin" report ds -o docs --force
refused "report -o a folder of the user's" 2 "whatever the options" -- "$bin" report ds -o docs
"$bin" --lang vi report ds -o docs --force >/dev/null 2>"$tmp/err.txt"
grep -q "không do chiso viết" "$tmp/err.txt" && ok "the refusal in Vietnamese" || { no "no Vietnamese refusal"; cat "$tmp/err.txt"; }
"$bin" report ds -o rep >/dev/null 2>&1 && [ -f rep/.chiso-output ] && ok "a report folder is marked (.chiso-output)" || no "no marker in a report folder"
grep -q "^command: chiso report ds -o rep$" rep/.chiso-output && grep -q "^report.md$" rep/.chiso-output &&
    grep -q "^tables/targets.csv$" rep/.chiso-output && ok "the marker names the command and lists the files" ||
    { no "marker contents"; head -8 rep/.chiso-output; }
"$bin" report ds -o rep --force >/dev/null 2>&1 && [ -f rep/report.md ] && ok "--force replaces a folder chiso wrote" || no "--force cannot replace a report"
echo "my notes" >rep/charts/notes.txt
refused "a report folder with a file of the user's, --force" 2 "holds 'charts/notes.txt', which chiso did not write" -- "$bin" report ds -o rep --force
rm rep/charts/notes.txt
mkdir fake && echo "not chiso's" >fake/.chiso-output && echo "mine" >fake/data.txt
refused "a marker chiso did not write" 2 "was not written by chiso" -- "$bin" report ds -o fake --force
ln -s rep replink
refused "report -o a link to a report folder" 2 "link to a folder" -- "$bin" report ds -o replink
mkdir olds && echo "chiso report" >olds/.chiso-report && echo "# r" >olds/report.md && mkdir olds/tables && echo a >olds/tables/t.csv
"$bin" report ds -o olds >/dev/null 2>&1 && [ -f olds/.chiso-output ] && ok "a report of an earlier chiso (.chiso-report) is replaced" || no "an earlier chiso's report not replaced"
mkdir olds2 && echo "chiso report" >olds2/.chiso-report && echo "mine" >olds2/thesis.docx
refused "an earlier chiso's report holding a file of the user's" 2 "holds 'thesis.docx'" -- "$bin" report ds -o olds2

# ---- 2. outputs that resolve to an input ---------------------------------------------------------------
refused "normalize -o DS/observations.csv" 2 "would replace a file of the input folder 'ds'" -- "$bin" normalize ds -o ds/observations.csv
refused "normalize -o through '..'" 2 "input folder" -- "$bin" normalize ds -o ds/nowhere/../observations.csv
refused "normalize DS/ -o ./DS/x.csv (a new file inside the dataset)" 2 "inside the input folder" -- "$bin" normalize ds/ -o ./ds/x.csv
ln -s ds/observations.csv obs-link.csv
refused "normalize -o a link to an input" 2 "input folder" -- "$bin" normalize ds -o obs-link.csv
ln -s ds dslink
refused "normalize DSLINK -o DS/observations.csv" 2 "input folder 'dslink'" -- "$bin" normalize dslink -o ds/observations.csv
mkdir ds2 && cp ds/*.csv ds2/ && mv ds2/units.csv units-elsewhere.csv && ln -s ../units-elsewhere.csv ds2/units.csv
refused "normalize -o the file an input link names" 2 "would replace the input" -- "$bin" normalize ds2 -o units-elsewhere.csv
refused "compare -o DS/c.csv" 2 "inside the input folder" -- "$bin" compare ds --format csv -o ds/c.csv
refused "trend -o DS/t.txt" 2 "inside the input folder" -- "$bin" trend ds --unit dbk-hp --indicator admitted -o ds/t.txt
refused "attain -o DS/a.json" 2 "inside the input folder" -- "$bin" attain ds --format json -o ds/a.json
refused "chart -o DS/c.png" 2 "inside the input folder" -- "$bin" chart ds --kind compare --unit dbk-hp --indicator admitted -o ds/c.png
refused "plan -o DS/p.txt" 2 "inside the input folder" -- "$bin" plan ds --unit dbk-hp -o ds/p.txt
refused "report -o DS/rep" 2 "inside the input folder" -- "$bin" report ds -o ds/rep
refused "report -o . (the folder that holds the dataset)" 2 "holds the input 'ds'" -- "$bin" report ds -o .
mkdir agg && printf 'unit,name,parent\nt,Tỉnh,\nc,Chi bộ,t\n' >agg/units.csv
printf 'member,unit,date,event,detail\nM1,c,2018-03-02,admitted,\n' >agg/events.csv
refused "aggregate -o its units file" 2 "would replace the input 'agg/units.csv'" -- "$bin" aggregate agg/events.csv --units agg/units.csv -o agg/units.csv
refused "aggregate -o its export through '..'" 2 "would replace the input" -- "$bin" aggregate agg/events.csv --units agg/units.csv -o agg/../agg/events.csv
"$bin" aggregate agg/events.csv --units agg/units.csv -o agg/observations.csv 2>/dev/null && [ -s agg/observations.csv ] &&
    ok "aggregate may write a new file beside its inputs" || no "aggregate -o agg/observations.csv"
rm -f agg/observations.csv

# ---- 3. a trailing slash --------------------------------------------------------------------------------
"$bin" report ds -o slash/ >"$tmp/out.txt" 2>"$tmp/err.txt" && [ -f slash/report.md ] && ok "report -o slash/ (new)" || { no "report -o slash/"; cat "$tmp/err.txt"; }
"$bin" report ds -o slash/ >/dev/null 2>&1 && [ -f slash/report.md ] && ok "report -o slash/ (again, replaced)" || no "report -o slash/ again"
grep -q "^$PWD/slash/\|^slash/report.md" "$tmp/out.txt" && ! grep -q "//" "$tmp/out.txt" && ok "files named without a double slash" || { no "files printed"; head -3 "$tmp/out.txt"; }
ls -A | grep -q '\.tmp-\|\.old-' && no "a temporary folder was left: $(ls -A | grep '\.tmp-\|\.old-')" || ok "no temporary folder left"
refused "normalize -o n.csv/ (names a folder)" 3 "ends in '/'" -- "$bin" normalize ds -o n.csv/

# ---- 4. what killed runs left -----------------------------------------------------------------------------
sh -c 'exit 0' & dead=$!; wait $dead
sleep 600 & sleeper=$!
if kill -0 "$dead" 2>/dev/null; then
    echo "SKIP process $dead exists again"
else
    mkdir "rep.tmp-$dead" "rep.old-$dead" "rep.tmp-$sleeper" "rep.tmp-99999999x"
    for d in "rep.tmp-$dead" "rep.old-$dead" "rep.tmp-$sleeper"; do echo "chiso" >"$d/.chiso-output"; echo x >"$d/report.md"; done
    echo x >"rep.tmp-99999999x/keep"
    mkdir "rep.old-1$dead" && echo "mine" >"rep.old-1$dead/keep.txt"   # not marked: never removed
    "$bin" report ds -o rep >/dev/null 2>&1
    [ ! -e "rep.tmp-$dead" ] && [ ! -e "rep.old-$dead" ] && ok "a dead run's rep.tmp-PID and rep.old-PID removed" || no "stale folders of a dead run left: $(ls -d rep.*)"
    [ -f "rep.tmp-$sleeper/report.md" ] && ok "a live process's rep.tmp-PID kept" || no "a live process's folder was removed"
    [ -f "rep.tmp-99999999x/keep" ] && [ -f "rep.old-1$dead/keep.txt" ] && ok "folders chiso did not mark, or not named by a pid, kept" || no "an unmarked folder was removed"
    echo "half" >"n.csv.tmp$dead"; echo "half" >"n.csv.tmp$sleeper"; echo "half" >"c.png.tmp$dead.3"
    "$bin" normalize ds -o n.csv 2>/dev/null
    "$bin" chart ds --kind compare --unit dbk-hp --indicator admitted -o c.png 2>/dev/null
    [ ! -e "n.csv.tmp$dead" ] && [ ! -e "c.png.tmp$dead.3" ] && [ -f "n.csv.tmp$sleeper" ] &&
        ok "stale temporary files of dead runs removed, a live one's kept" || no "temporary files: $(ls n.csv.* c.png.* 2>/dev/null | tr '\n' ' ')"
    echo "theirs" >"n.csv.tmp$dead"
    if chown 65534 "n.csv.tmp$dead" 2>/dev/null; then
        "$bin" normalize ds -o n.csv 2>/dev/null
        [ -f "n.csv.tmp$dead" ] && ok "another user's stale file is left alone" || no "another user's file was removed"
        rm -f "n.csv.tmp$dead"
    fi
    # killed between its two renames: the earlier report waits in rep2.old-PID and rep2 is missing
    "$bin" report ds -o rep2 >/dev/null 2>&1 && mv rep2 "rep2.old-$dead" && echo "before" >"rep2.old-$dead/report.md"
    "$bin" normalize --help >/dev/null
    (ulimit -f 4; "$bin" report ds -o rep2 >/dev/null 2>&1)   # fails on a full disk: the earlier report stays
    [ -f rep2/report.md ] && [ "$(cat rep2/report.md)" = before ] && [ ! -e "rep2.old-$dead" ] &&
        ok "an earlier report left in OUT.old-PID by a killed run is put back" || no "rep2: $(ls -d rep2* 2>/dev/null | tr '\n' ' ')"
    rm -rf "rep.tmp-$sleeper" "rep.tmp-99999999x" "rep.old-1$dead" "n.csv.tmp$sleeper" n.csv c.png rep2
fi
kill "$sleeper" 2>/dev/null; sleeper=""

# ---- 5. formulas and markup in names ----------------------------------------------------------------------
cp -r ds inj
sed -i '2s/^dbk-hp,Đảng bộ Khối[^,]*,/dbk-hp,Đảng bộ <b>K<\/b> [x](javascript:alert(1)) *in* _nghiêng_,/' inj/units.csv
# three figures whose sources a spreadsheet would run: a formula, '@…', '-2+3+cmd…' (tables/sources.csv:
# the id, then the name of the document, here the same: the injected sources have no row in sources.csv)
printf '%s\n' 'dbk-hp,members,1995-06-30,1995-06-30,2.600,point,,,,,"=HYPERLINK(""http://x"";""y"")",line 1,q,' \
    'dbk-hp,members,1996-06-30,1996-06-30,2.650,point,,,,,@SUM(1+1),line 1,q,' \
    'dbk-hp,members,1997-06-30,1997-06-30,2.700,point,,,,,-2+3+cmd|x,line 1,q,' >>inj/observations.csv
"$bin" check inj >/dev/null 2>"$tmp/err.txt" || { no "the injected dataset does not load"; head -3 "$tmp/err.txt"; }
"$bin" report inj -o injrep >/dev/null 2>"$tmp/err.txt" || { no "report of the injected dataset"; head -3 "$tmp/err.txt"; }
csv=injrep/tables/sources.csv
grep -q "^\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\",\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\",1$" "$csv" && ok "CSV: '=HYPERLINK…' neutralised with a leading apostrophe" || { no "CSV: '=' not neutralised"; cat "$csv" | head -5; }
grep -q "^'@SUM(1+1),'@SUM(1+1),1$" "$csv" && grep -q "^'-2+3+cmd|x,'-2+3+cmd|x,1$" "$csv" && ok "CSV: '@…' and '-2+3+cmd…' neutralised" || { no "CSV: '@' or '-' not neutralised"; head -6 "$csv"; }
grep -q ',-' injrep/tables/*.csv 2>/dev/null; "$bin" normalize inj >n.csv 2>/dev/null
grep -q "\"'=HYPERLINK" n.csv && ! grep -q "[^']=HYPERLINK" n.csv && ok "normalize CSV: neutralised too" || no "normalize CSV not neutralised"
unzip -p injrep/report.xlsx xl/sharedStrings.xml >ss.xml 2>/dev/null
grep -q "<t>'=HYPERLINK" ss.xml && grep -q "<t>'@SUM(1+1)</t>" ss.xml && ok "XLSX: formula-like text with a leading apostrophe" || no "XLSX: not neutralised"
! grep -q "<t>=HYPERLINK" ss.xml && ok "XLSX: no raw '=…' string" || no "XLSX: a raw '=…' string"
unzip -p injrep/report.xlsx 'xl/worksheets/*.xml' | grep -q '<f>' && no "XLSX holds a formula" || ok "XLSX holds no formula"
# numbers stay numbers, negative ones too (-3.5 is a number, not a formula)
"$bin" compare ds --unit dbk-hp --indicator admitted --format csv >c.csv 2>/dev/null
grep -q ",-[0-9]" c.csv && ! grep -q ",'-[0-9]" c.csv && ok "negative numbers in CSV stay numbers" || no "negative numbers changed"
grep -q '[^\\]<b>' injrep/report.md && no "report.md holds a raw <b>" || ok "report.md: <b> made inert"
grep -q '\\<b>K\\</b> \\\[x\](javascript:alert(1)) \\\*in\\\* \\_nghiêng\\_' injrep/report.md && ok "report.md: markup in a unit name escaped" || { no "report.md: name not escaped"; grep -m2 'javascript' injrep/report.md; }
grep -q '&lt;b&gt;K&lt;/b&gt;' injrep/report.html && ok "report.html: the same name escaped" || no "report.html: name not escaped"
rm -rf inj injrep n.csv c.csv ss.xml

# ---- 6. outputs at a file, at /proc, at a full disk --------------------------------------------------------
echo "my file" >afile
refused "report -o an existing file" 2 "the output is a folder of files" -- "$bin" report ds -o afile
refused "normalize -o /proc/chiso-test.csv" 3 "cannot create the file" -- "$bin" normalize ds -o /proc/chiso-test.csv
[ ! -e /proc/chiso-test.csv ] && ok "nothing in /proc" || no "a file in /proc"
refused "report -o /proc/chiso-report" 3 "cannot create the folder" -- "$bin" report ds -o /proc/chiso-report
refused "normalize -o /proc/self/status" 3 "" -- "$bin" normalize ds -o /proc/self/status
mkdir -p "$tmp/small"
if mount -t tmpfs -o size=64k tmpfs "$tmp/small" 2>/dev/null; then
    small=$tmp/small
    full="a 64 KiB tmpfs"
    head -c 40000 /dev/zero >"$small/filler"
    run_full() { "$@"; }
else
    full="ulimit -f"
    run_full() { (ulimit -f 8; "$@"); }
fi
cd "$tmp" && before=$(snap w/ds)
cd w || exit 2
out=${small:-$tmp/w/fullout}
mkdir -p "$out"
echo "earlier" >"$out/n.csv"
run_full "$bin" normalize ds -o "$out/n.csv" 2>"$tmp/err.txt"; rc=$?
[ $rc -eq 3 ] && [ "$(cat "$out/n.csv")" = earlier ] && ok "normalize -o on a full disk ($full): exit 3, the earlier file kept" || { no "normalize on a full disk: exit $rc"; cat "$tmp/err.txt"; }
run_full "$bin" report ds -o "$out/rep" >/dev/null 2>"$tmp/err.txt"; rc=$?
[ $rc -eq 3 ] && [ ! -e "$out/rep" ] && ok "report -o on a full disk ($full): exit 3, no folder" || { no "report on a full disk: exit $rc"; head -3 "$tmp/err.txt"; }
left=$(ls -A "$out" | grep -v '^filler$\|^n.csv$')
[ -z "$left" ] && ok "nothing half-written on the full disk" || no "left on the full disk: $left"
cd "$tmp" && after=$(snap w/ds)
[ "$before" = "$after" ] && ok "the dataset is byte-identical after all of it" || no "the dataset changed"
cd "$tmp/w" && (cd "$src/datasets/haiphong" && find . -type f -exec sha256sum {} + | sort) >"$tmp/a" && (cd ds && find . -type f -exec sha256sum {} + | sort) >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" && ok "the dataset equals the source tree's" || no "the dataset differs from the source tree's"

[ $fails -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "all $n checks passed"
