// The static export's assessment in headless Chromium, run by tests/browser.rs:
//   node offline.mjs SERVER_URL STATIC_DIR NOW SCREENSHOT_DIR
// The server runs with `--now NOW` and the browser's clock is fixed at NOW,
// so both answer as of the same instant. For each incident the static page
// (file://, network off) must give what the server gives: the same JSON,
// Markdown and iCalendar downloads, byte for byte, and the same timeline.
// Fails on any failed check, console error, page error or network request.
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";

const [, , base, staticDir, now, shots] = process.argv;
mkdirSync(shots, { recursive: true });
const errors = [];
const failures = [];
const timings = [];

function check(condition, message) {
  if (!condition) failures.push(message);
  else console.log("ok - " + message);
}

const FORM = "aware=2026-03-06T16%3A30&tz=Europe%2FBerlin&kind=personal-data-breach&kind=ransomware&data=name&data=health&fact.encrypted=no&fact.high_risk=yes&p0.role=organisation&p0.established=DE-BE&p0.sector=health&p0.entity=nis2-essential&p1.role=affected-people&p1.where=FR&p1.count=1200&tlp=AMBER%2BSTRICT";
const INCIDENTS = [
  ["facts known, TLP", FORM],
  // Nothing is known about encryption or risk, and no counts: every duty
  // that depends on them must stay a question, on both.
  ["unknown facts and counts", "aware=2026-03-02T09%3A00&tz=America%2FNew_York&kind=personal-data-breach&data=name&data=government-id&p0.role=organisation&p0.established=US-NY&p1.role=affected-people&p1.where=US-CA&p1.count=&p1.where=US-TX&p1.count=&p1.where=US-NY&p1.count="],
  // A determination made, with its instant, and a notice already sent.
  ["a determination and a sent notice", FORM + "&det.nis2-significant-incident=yes&det.nis2-significant-incident.at=2026-03-06T18%3A00&sent.de-bsig-32-incident.notification=2026-03-07T12%3A30"],
  ["a determination answered no", FORM + "&det.nis2-significant-incident=no"],
  // A US organisation with no UK establishment that targets people in the UK (UK GDPR Art. 3(2)).
  ["a foreign organisation that targets the UK", "aware=2026-03-05T08%3A00&tz=America%2FLos_Angeles&kind=personal-data-breach&data=name&data=financial-account&fact.encrypted=no&p0.role=organisation&p0.established=US-CA&p0.targets=GB&p1.role=affected-people&p1.where=GB&p1.count=800&p1.where=US-CA&p1.count=700"],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

async function staticPage(label) {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.setOffline(true);
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(now));
  page.on("console", (m) => { if (m.type() === "error") errors.push(`${label}: console: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(`${label}: page error: ${e.message}`));
  page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("blob:")) errors.push(`${label}: a request left the machine: ${r.url()}`); });
  return page;
}

async function answered(page) {
  await page.waitForFunction(() => document.body.dataset.engine === "answered" || document.querySelector("#engine-status.problems"));
  const problem = await page.locator("#engine-status.problems").count();
  if (problem) throw new Error("the engine reported: " + await page.locator("#engine-status").innerText());
}

async function serverText(path) {
  const response = await fetch(base + path);
  return [response.status, await response.text()];
}

async function downloaded(page, format) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(`a[data-download="${format}"]`)]);
  return readFileSync(await download.path(), "utf8");
}

// What a reader compares: each obligation's due time, recipient and status line.
async function timeline(page) {
  return page.locator("ol.timeline > li").evaluateAll((items) => items.map((li) => li.innerText.replace(/\s+/g, " ").trim()));
}

async function compare(label, query, page) {
  const [status, serverJson] = await serverText("/assess.json?" + query);
  check(status === 200, `${label}: the server answers (${status})`);
  const staticJson = await downloaded(page, "json");
  check(staticJson === serverJson, `${label}: the static JSON equals the server's (${staticJson.length} / ${serverJson.length} bytes)`);
  const parsed = JSON.parse(staticJson);
  check(Array.isArray(parsed.obligations), `${label}: the JSON lists obligations (${(parsed.obligations || []).length})`);
  for (const [format, path] of [["md", "/assess.md?"], ["ics", "/assess.ics?"]]) {
    const [, serverBody] = await serverText(path + query);
    check(await downloaded(page, format) === serverBody, `${label}: the static ${format} download equals the server's`);
  }
  const server = await browser.newPage();
  await server.goto(base + "/assess.html?" + query);
  const [serverLines, staticLines] = [await timeline(server), await timeline(page)];
  await server.close();
  check(serverLines.length > 0 && JSON.stringify(serverLines) === JSON.stringify(staticLines),
    `${label}: the static timeline shows the server's ${serverLines.length} entries, in order`);
  if (JSON.stringify(serverLines) !== JSON.stringify(staticLines)) {
    console.log("server: " + JSON.stringify(serverLines).slice(0, 2000));
    console.log("static: " + JSON.stringify(staticLines).slice(0, 2000));
  }
}

try {
  const file = "file://" + staticDir + "/assess.html";

  // 1. Fill the static form by hand and submit: the fields go into the fragment.
  const page = await staticPage("static form");
  await page.goto(file);
  await page.waitForFunction(() => document.body.dataset.engine === "ready");
  await page.fill('input[name="aware"]', "2026-03-06T16:30");
  await page.fill("#tz", "Europe/Berlin");
  await page.check('input[name="kind"][value="personal-data-breach"]');
  await page.check('input[name="data"][value="name"]');
  await page.check('input[name="data"][value="health"]');
  await page.selectOption('select[name="fact.encrypted"]', "no");
  await page.fill('input[name="p0.established"]', "DE-BE");
  await page.fill('input[name="p1.where"]', "FR");
  await page.fill('input[name="p1.count"]', "1200");
  await page.click("#add-party");
  await page.selectOption('select[name="p2.role"]', "affected-people");
  await page.fill('input[name="p2.where"]', "DE");
  await page.fill('input[name="p2.count"]', "5000");
  const submitted = performance.now();
  await page.click('form.assess button[type="submit"]');
  await answered(page);
  const formAnswer = performance.now() - submitted;
  check(page.url().startsWith(file + "#aware="), "the static form puts the incident in the URL fragment");
  const fragment = new URL(page.url()).hash.slice(1);
  check((await page.locator("main").innerText()).includes("Berlin Commissioner"), "the static answer sends GDPR to the Berlin authority");
  await page.screenshot({ path: `${shots}/static-assessment.png`, fullPage: true });
  await compare("the filled form", fragment, page);

  // Mark as sent: the send joins the fragment and the answer follows it.
  const mark = page.locator("a.mark-sent").first();
  check((await mark.getAttribute("href")).startsWith("assess.html#"), "'mark as sent' links stay in the fragment");
  await page.evaluate(() => { document.body.dataset.engine = "waiting"; });
  await mark.click();
  await answered(page);
  const marked = new URL(page.url()).hash.slice(1);
  check(/sent\./.test(decodeURIComponent(marked)), "'mark as sent' adds the send to the fragment");
  check((await page.locator("main").innerText()).includes("✓ sent"), "the static answer shows the send");
  await compare("after 'mark as sent'", marked, page);
  check((await page.locator("p.downloads a", { hasText: "Permalink" }).getAttribute("href")).startsWith("assess.html#"),
    "the permalink keeps the incident in the fragment");

  // 2. The scenario incidents, each opened from its permalink.
  for (const [label, query] of INCIDENTS) {
    const p = await staticPage(label);
    const started = Date.now();
    await p.goto(file + "#" + query);
    await answered(p);
    timings.push(Date.now() - started);
    await compare(label, query, p);
    await p.context().close();
  }

  // 3. From a static host that sends the export's policy as a header (and
  // no charset, as many do): the same answer.
  const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };
  const policy = readFileSync(staticDir + "/assess.html", "utf8").match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  const host = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^([.][.][/\\])+/, "");
    try {
      const body = readFileSync(join(staticDir, path));
      res.writeHead(200, { "Content-Type": types[extname(path)] || "application/octet-stream", "Content-Security-Policy": policy + "; frame-ancestors 'none'" });
      res.end(body);
    } catch { res.writeHead(404); res.end(); }
  });
  await new Promise((r) => host.listen(0, "127.0.0.1", r));
  const hosted = await browser.newPage();
  await hosted.clock.setFixedTime(new Date(now));
  hosted.on("pageerror", (e) => errors.push(`hosted: page error: ${e.message}`));
  hosted.on("console", (m) => { if (m.type() === "error") errors.push(`hosted: console: ${m.text()}`); });
  const served = [];
  hosted.on("request", (r) => served.push(r.url()));
  await hosted.goto(`http://127.0.0.1:${host.address().port}/assess.html#` + INCIDENTS[0][1]);
  await answered(hosted);
  check(served.every((u) => !u.includes("aware=") || u.includes("#")) && served.every((u) => !new URL(u).search.includes("aware")),
    "from a static host, the incident never travels in a request");
  await compare("from a static host", INCIDENTS[0][1], hosted);
  await hosted.close();
  host.close();

  // 4. A page with problems says so, in the form's words.
  const bad = await staticPage("problems");
  await bad.goto(file + "#aware=2026-03-06T16%3A30&p0.role=organisation&p0.established=Germny");
  await answered(bad);
  const text = await bad.locator("main").innerText();
  check(text.includes("problem") && text.includes("Party 1"), "the static page names the form's problems");
  check(text.includes("DE"), "and suggests the code meant");
  console.log(`time to the first answer, from navigation (file://, fixed clock): ${timings.join(", ")} ms; the hand-filled form answered ${formAnswer.toFixed(0)} ms after its submit`);
} catch (e) {
  failures.push("exception: " + (e.stack || e));
} finally {
  await browser.close();
}

for (const e of errors) failures.push(e);
if (failures.length) {
  for (const f of failures) console.error("FAIL - " + f);
  process.exit(1);
}
console.log("all offline assessment checks passed");
