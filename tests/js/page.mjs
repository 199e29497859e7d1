// Opens a page in Debian's headless Chromium at some widths, through the
// DevTools protocol (chrome-remote-interface; no browser is downloaded), and
// prints what tests/test_page_on_a_phone.py checks, as JSON:
//   node page.mjs CHROMIUM URL SHOTS_DIR NAME WIDTH...
// Per width: the document's width, elements that stick out, the rendered
// size of the timeline's smallest text, date words broken over two lines,
// the text of every next meeting, axe-core's violations, a full-page PNG.
import CDP from 'chrome-remote-interface';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [chromium, url, shots, name, ...widths] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const axe = fs.readFileSync(path.join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

function measure() {
  const width = document.documentElement.clientWidth;
  const shown = (el) => el.getClientRects().length > 0;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '');
  const sticking = [...document.body.querySelectorAll('*')]
    .filter((el) => shown(el) && el.getBoundingClientRect().right > width + 0.5)
    .slice(0, 12).map((el) => name(el) + ' right=' + Math.round(el.getBoundingClientRect().right));
  let smallest = Infinity;
  for (const svg of document.querySelectorAll('svg')) {
    if (!shown(svg)) continue;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const t of svg.querySelectorAll('text')) {
      smallest = Math.min(smallest, scale * parseFloat(t.getAttribute('font-size')));
    }
  }
  // A word of a date (.date, <time>) or an ISO date anywhere must sit on one line.
  const broken = [];
  const check = (node, re, what) => {
    for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (lines.size > 1) broken.push(m[0] + ' in ' + what);
    }
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !shown(el) || el.closest('svg, script, style')) continue;
    const dated = el.closest('.date, time');
    check(node, dated ? /\S+/g : /\(?\d{4}-\d\d-\d\d\)?/g, (dated || el).textContent.trim());
  }
  const next = {};
  for (const section of document.querySelectorAll('main > section')) {
    next[section.id] = [...section.querySelectorAll('.next > li')].map((li) => {
      const r = li.getBoundingClientRect();
      return { text: li.innerText, inside: r.left >= 0 && r.right <= width + 0.5 && r.width > 0 };
    });
  }
  return {
    width,
    document: document.documentElement.scrollWidth,
    sticking,
    smallest: smallest === Infinity ? null : smallest,
    broken,
    next,
    height: document.documentElement.scrollHeight,
  };
}

async function devtools(proc) {
  return new Promise((resolve, reject) => {
    let said = '';
    proc.stderr.on('data', (chunk) => {
      said += chunk;
      const found = said.match(/DevTools listening on ws:\/\/[^:]+:(\d+)\//);
      if (found) resolve(Number(found[1]));
    });
    proc.on('exit', (code) => reject(new Error('chromium exited ' + code + ': ' + said)));
  });
}

// The caller gives the profile folder and removes it (Chromium's helpers may still
// write into it after the browser exits); alone, a temporary one.
const profile = process.env.PAGE_PROFILE ?? fs.mkdtempSync(path.join(os.tmpdir(), 'samverkan-page-'));
const proc = spawn(chromium, [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync',
  '--disable-background-networking', '--disable-component-update', '--hide-scrollbars',
  '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe'] });
const found = {};
let client;
try {
  const port = await devtools(proc);
  client = await CDP({ port });
  const { Page, Runtime, Emulation } = client;
  await Page.enable();
  for (const w of widths.map(Number)) {
    await Emulation.setDeviceMetricsOverride({
      width: w, height: 800, deviceScaleFactor: 1, mobile: w < 600,
    });
    const loaded = Page.loadEventFired();
    await Page.navigate({ url });
    await loaded;
    const run = async (expression) => {
      const { result, exceptionDetails } = await Runtime.evaluate({
        expression, awaitPromise: true, returnByValue: true,
      });
      if (exceptionDetails) throw new Error(JSON.stringify(exceptionDetails));
      return result.value;
    };
    const seen = await run(`(${measure.toString()})()`);
    await run(axe);
    seen.axe = await run(`axe.run(document, {resultTypes: ['violations']}).then((r) =>
      r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' '))})))`);
    const shot = await Page.captureScreenshot({
      format: 'png', captureBeyondViewport: true,
      clip: { x: 0, y: 0, width: w, height: Math.min(seen.height, 16000), scale: 1 },
    });
    const file = path.join(shots, `${name}-${w}.png`);
    fs.writeFileSync(file, Buffer.from(shot.data, 'base64'));
    seen.screenshot = file;
    found[w] = seen;
  }
} finally {
  if (client) await client.close();
  const gone = new Promise((resolve) => proc.once('exit', resolve));
  if (proc.exitCode === null) proc.kill();
  await gone;
  if (!process.env.PAGE_PROFILE) {
    try {
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch {
      // a helper of Chromium's still writing: the folder is in the system's temp
    }
  }
}
process.stdout.write(JSON.stringify(found));
