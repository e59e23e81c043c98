// bench/duckdb_count.mjs — the DuckDB peer of the aggregate benchmark: one GROUP BY over the export
// giving the counts chiso aggregate gives for each unit (before the roll-up), per year and kind of event
// (the form of discipline and the rating label included).
//
//   node duckdb_count.mjs EVENTS.csv THREADS OUT.csv
//
// Writes unit,year,key,count (key: the event, or event|detail for disciplined and rated) and prints the
// query time on stderr.
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';

const [file, threads, out] = process.argv.slice(2);
if (!file || !threads || !out) {
  console.error('usage: node duckdb_count.mjs EVENTS.csv THREADS OUT.csv');
  process.exit(2);
}
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const con = await instance.connect();
const path = file.replaceAll("'", "''");
const sql = `
  SELECT unit, year(date) AS year,
         CASE WHEN event IN ('disciplined', 'rated') THEN event || '|' || detail ELSE event END AS key,
         count(*) AS n
  FROM read_csv('${path}', header = true, delim = ',', quote = '"', escape = '"',
                columns = {'member': 'VARCHAR', 'unit': 'VARCHAR', 'date': 'DATE',
                           'event': 'VARCHAR', 'detail': 'VARCHAR'})
  GROUP BY ALL`;
const t0 = process.hrtime.bigint();
const reader = await con.runAndReadAll(sql);
const rows = reader.getRows();
const t1 = process.hrtime.bigint();
const lines = rows.map((r) => `${r[0]},${r[1]},${r[2]},${r[3]}`);
writeFileSync(out, 'unit,year,key,count\n' + lines.join('\n') + '\n');
console.error(`duckdb: ${rows.length} groups in ${(Number(t1 - t0) / 1e9).toFixed(3)} s (query)`);
