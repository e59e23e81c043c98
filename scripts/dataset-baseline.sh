#!/usr/bin/env bash
# scripts/dataset-baseline.sh CHISO OUT — what chiso says of every dataset of the repository, for a
# refactoring of the reader that must not change it: `chiso check` (vi and en), `list`, `normalize`,
# `attain` and `report` (md and csv, a fixed --as-of) of datasets/, tests/bad/*, tests/data/* and a
# workbook made by `chiso template`. Compare two runs with `diff -r OUT1 OUT2`.
set -u
chiso=$(realpath "$1")
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root" || exit 3

sets=(datasets/haiphong)
for d in tests/bad/* tests/data/* tests/data/*/*; do
    [ -d "$d" ] && ls "$d"/*.csv > /dev/null 2>&1 && sets+=("$d")
done
"$chiso" template -o "$work/template.xlsx" datasets/haiphong > /dev/null 2>&1
"$chiso" template -o "$work/empty.xlsx" > /dev/null 2>&1
sets+=("$work/template.xlsx" "$work/empty.xlsx")

# a dataset whose rows carry several problems each (the order of their diagnostics is what a
# refactoring of the reader changes first)
st="$work/stress"
mkdir -p "$st"
cat > "$st/units.csv" <<'CSV'
unit,name,parent,source,locator,quote,colour
u1,One,,s,l,q,x
u2,Two,u1,,,,
u1,Dup,u9,,,,
bad code!,X,u1,,,,
,Empty,u1,,,,
u3,Three,nobody,,,,
CSV
cat > "$st/indicators.csv" <<'CSV'
indicator,category,measure,kind,direction,name_vi,name_en,irregular
i_ok,membership,count,flow,up,Một,One,no
i_bad,memberz,counts,flowing,sideways,,,maybe
i_rate,other,count,rate,,,,
i_share,other,share,flow,,,,
bad code,other,count,flow,,,,
i_ok,other,count,flow,,,,
members,membership,count,stock,up,Đảng viên,Members,
i_unacc,Dao tao,count,flow,,,,khong
CSV
cat > "$st/terms.csv" <<'CSV'
unit,term,label,start,end,source,locator,quote,note,note_vi
u1,A,Term A,2010-01-01,2014-12-31,s,l,q,,
u1,B,Term B,2015-01-01,2019-12-31,,,,,
u1,C,,2019-13-01,2018,,,,,
u1,A,Dup,2001,2002,,,,,
u9,X,,2001,2002,,,,,
,Y,,2001,2002,,,,,
u2,,,2001,2002,,,,,
u2,D,,2005,2005-01-01,,,,,
u2,E,,,xx,,,,,
u3,F,,2020,2019,,,,,
CSV
cat > "$st/observations.csv" <<'CSV'
unit,indicator,period_start,period_end,value,basis,rating,scheme,part_of,share_base,source,locator,quote,note
u1,members,2010,2010,100,point,,,,,s,l,q,
u1,admitted,2010,2014,"1,000",point,,,,,,,,
u9,nothing,2010-13,2014-02-30,abc,weekly,,,,,,,,
,,,,,,,,,,,,,
u1,admitted,2014,2010,tren 50,annual,,,,,s,l,q,
u1,org_rating_share,2015,2019,0.93,each_year,hoan thanh tot nhiem vu tro len,org-1900,,part,s,l,93%,
u1,org_rating_share,2015,2019,93,each_year,khong ton tai,,xuat sac,weird,s,l,q,
u1,member_rating_count,2015,2019,5,total,,,,,s,l,q,
u1,members,2015,2019,5,,loại giỏi,,,,s,l,q,
u1,i_share,2015,2019,5%,,,,,,s,l,q,
u1,admitted,2015,2019,,end,,,,,s,l,q,
u1,admitted,2015,2019,-5,total,,,,unknown,,,,
u1,members,2015,2019,5.5,total,,,,,,,,
u1,admitted,2015,2019,#N/A,total,,,,,,,,
u1,admitted,2015,2019,####,total,,,,,,,,
u1,admitted,2015,2019,trên 90,,,org-2018,,,s,,,
CSV
cat > "$st/targets.csv" <<'CSV'
unit,term,indicator,op,value,basis,period,relative_to,rating,source,locator,quote,note,id,set_by
u1,A,admitted,>=,3,total,,,,s,l,q,,t1,
u1,A,admitted,>>,x,point,2030,somewhere,,,,,,t1,
u9,Z,nothing,between,5..3,,,,,,,,,bad id!,
u1,Q,admitted,between,3..5,each_year,2011..2009,members_at:2012-02-30,,,,,,,
u1,A,org_rating_share,>=,90,each_year,2011..2013,members_at_prev_year_end,,,,,,t2,
u1,A,org_rating_share,>=,90,each_year,,,khong co,,,,,,
u1,A,members,<=,abc%,end,,,loại giỏi,,,,,,
u1,A,admitted,=,,total,2001,,,,,,,t1,
u1,B,admitted,>=,3,total,,members_at:2016-01-01,,s,l,q,,t3,x
u1,B,admitted,>=,4,total,,,,s,l,q,,,
u1,B,admitted,>=,5,total,,,,s,l,q,,,
CSV
cat > "$st/verdicts.csv" <<'CSV'
unit,term,indicator,period,verdict,ratio,rating,source,locator,quote,target,as_of
u1,A,admitted,,đạt,,,s,l,q,t1,
u1,A,admitted,2011..2009,dat,abc,,,,,t9,2013-13
u9,Z,nothing,,maybe,,,,,,,
u1,A,admitted,,,,,,,,,
u1,A,admitted,,khong dat,102%,,s,l,q,,2014
u1,B,admitted,,,46.5,,s,l,q,,
u1,B,admitted,,vượt,-3,,s,l,q,t3,
u1,A,members,,đạt,,,s,l,q,t3,
CSV
cat > "$st/rules.csv" <<'CSV'
rule,left,op,right,severity,missing
r1,admitted,<=,members,error,skip_if_any
r2,admitted +,=,,fatal,never
,nothing * 2,>=,members / (admitted,warning,zero
r4,,between,members,,
CSV
sets+=("$st")
mkdir -p "$work/regress"
for k in observations rules targets; do
    for f in tests/fuzz/regressions/fuzz_file_$k/*; do
        r="$work/regress/$k-$(basename "$f")"
        mkdir -p "$r"
        cp datasets/haiphong/*.csv "$r/"
        cp "$f" "$r/$k.csv"
        sets+=("$r")
    done
done

run() { # NAME CMD...: stdout, stderr and exit status, with the temporary folder named WORK
    local name=$1; shift
    "$@" > "$out/$name.out" 2> "$out/$name.err"
    echo "exit $?" >> "$out/$name.out"
    sed -i "s|$work|WORK|g" "$out/$name.out" "$out/$name.err"
}

for d in "${sets[@]}"; do
    n=$(echo "$d" | sed "s|$work/||; s|/|_|g")
    run "$n.check-vi" "$chiso" --lang vi check "$d"
    run "$n.check-en" "$chiso" --lang en check "$d"
    run "$n.list" "$chiso" --lang en list "$d"
    run "$n.normalize" "$chiso" --lang en normalize "$d"
    run "$n.attain" "$chiso" --lang vi attain "$d" --as-of 2025-06-30
    # the report of a dataset without units reads an unset unit (report.c, chiso_report_write): skipped
    [ "$n" = empty.xlsx ] && continue
    rm -rf "$work/rep"
    run "$n.report" "$chiso" --lang vi report "$d" -o "$work/rep" --format md,csv --as-of 2025-06-30
    if [ -d "$work/rep" ]; then
        mkdir -p "$out/$n.report.d"
        (cd "$work/rep" && find . -type f ! -name .chiso-output -print0 | xargs -0 -I{} cp --parents {} "$out/$n.report.d/")
    fi
done
echo "${#sets[@]} datasets"
