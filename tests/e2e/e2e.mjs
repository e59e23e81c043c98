// tests/e2e/e2e.mjs — chiso serve in real headless Chromium (puppeteer-core drives Debian's chromium).
// Run by tests/cli/serve_e2e.sh: BASE_URL, WORKBOOK (chiso template of the default dataset), OUT (a folder
// for downloads) and SHOTS (a folder for screenshots, optional) come from the environment.
import puppeteer from 'puppeteer-core';
import fs from 'node:fs';
import path from 'node:path';

const base = process.env.BASE_URL, book = process.env.WORKBOOK, out = process.env.OUT, shots = process.env.SHOTS;
let fails = 0;
const check = (name, ok, detail = '') => { console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${ok ? '' : ' ' + detail}`); if (!ok) fails++; };

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: 'new',
  args: ['--no-sandbox', '--disable-gpu', '--lang=vi-VN'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1366, height: 768 });
  const cspErrors = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text()); });
  const shot = async (name) => { if (shots) await page.screenshot({ path: path.join(shots, `${name}.png`) }); };
  const go = (action) => Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 60000 }), action]);

  await page.goto(base, { waitUntil: 'load' });
  check('start page in Vietnamese', (await page.$eval('html', (h) => h.lang)) === 'vi' &&
        (await page.content()).includes('Tải lên và kiểm tra'));
  await shot('start');

  const input = await page.$('#file');
  await input.uploadFile(book);
  await go(page.click('#send'));
  const usable = await page.$eval('#usable', (e) => e.textContent);
  check('check page says the figures can be used', usable.includes('Dùng được số liệu này'), usable);
  const count = await page.$eval('#count', (e) => e.textContent);
  check('check page counts errors and warnings', /0 lỗi, \d+ cảnh báo/.test(count), count);
  await shot('check');

  await go(page.click('#to-results'));
  const svgs = await page.$$eval('article.report svg', (l) => l.length);
  check('results show the charts as inline SVG', svgs > 0, `${svgs} charts`);
  await shot('results');
  // the unit selector: chiso.js submits the form when the unit changes (its button is hidden)
  const hidden = await page.$eval('#unit-form button.go', (b) => b.hidden && getComputedStyle(b).display === 'none');
  check('chiso.js hides the selector button (the script runs under the CSP)', hidden === true);
  await go(page.select('#unit', 'cb-bdv'));
  check('choosing a unit shows its results', page.url().includes('unit=cb-bdv') &&
        (await page.$eval('#unit', (s) => s.value)) === 'cb-bdv');
  await go(page.click('#lang-en'));
  check('switching to English keeps the unit', (await page.$eval('html', (h) => h.lang)) === 'en' &&
        page.url().includes('unit=cb-bdv') && (await page.content()).includes('Download the report'));
  await go(page.click('#lang-vi'));

  // downloads through the browser itself
  const cdp = await page.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: out });
  const fetchDl = async (id, name) => {
    await page.click(id);
    const file = path.join(out, name);
    for (let i = 0; i < 600 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
    return fs.existsSync(file) ? file : null;
  };
  const xlsx = await fetchDl('#dl-xlsx', 'report.xlsx');
  check('the XLSX download arrives', !!xlsx);
  if (await page.$('#dl-docx')) {
    const docx = await fetchDl('#dl-docx', 'report.docx');
    check('the DOCX download arrives', !!docx);
  } else {
    console.log('NOTE no DOCX link (report.docx is not in this build)');
  }
  check('no Content-Security-Policy violation', cspErrors.length === 0, cspErrors.join(' | '));
} finally {
  await browser.close();
}
process.exit(fails ? 1 : 0);
