// Accessibility check of a rendered portal folder: axe-core in Debian's Chromium
// (driven by playwright-core), one page of every kind, at 1280 and 412 px wide.
//
//   node axe.mjs DIR [--screenshots OUTDIR]
//
// Serves DIR on 127.0.0.1 (a port the system picks), runs axe-core's rules on the home
// page, a category listing (page 1 and 2), the model article, a tag listing, the
// documents listing, a document page and the search page when DIR has them, prints
// every violation, and exits 1 when any is serious or critical. With --screenshots,
// writes PNGs of the home, category, article, tag and search pages at both widths.
import { createServer } from "node:http";
import { readFile, readdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const CHROMIUM = process.env.CHROMIUM || "/usr/lib/chromium/chromium"; // the binary, not the /usr/bin wrapper
const MODEL = "tin/khoi-thi-dua-1-so-ket-phong-trao-thi-dua-06-thang-dau-nam-2018.html";
const WIDTHS = [[1280, 1000], [412, 915]];

const args = process.argv.slice(2);
const dir = args[0];
const shotsAt = args.indexOf("--screenshots");
const shots = shotsAt >= 0 ? args[shotsAt + 1] : null;
if (!dir) {
  console.error("usage: node axe.mjs DIR [--screenshots OUTDIR]");
  process.exit(2);
}

const exists = async (p) => stat(join(dir, p)).then((s) => s.isFile(), () => false);
const first = async (sub, pick) => {
  const names = await readdir(join(dir, sub)).catch(() => []);
  for (const n of names.sort()) {
    const p = pick(n);
    if (p && (await exists(join(sub, p)))) return join(sub, p);
  }
  return null;
};

// One page of every kind: [kind, path under DIR].
const pages = [["home", "index.html"]];
const cat = await first("chuyen-muc", (n) => `${n}/index.html`);
if (cat) {
  pages.push(["category", cat]);
  const two = cat.replace(/index\.html$/, "trang-2/index.html");
  if (await exists(two)) pages.push(["category page 2", two]);
}
pages.push(["article", (await exists(MODEL)) ? MODEL : await first("tin", (n) => n)]);
pages.push(["tag", await first("the", (n) => `${n}/index.html`)]);
pages.push(["topic", await first("dong-su-kien", (n) => `${n}/index.html`)]);
pages.push(["documents", (await exists("van-ban/index.html")) ? "van-ban/index.html" : null]);
pages.push(["document", await first("van-ban", (n) => (n.endsWith(".html") ? n : null))]);
pages.push(["search", (await exists("tim-kiem/index.html")) ? "tim-kiem/index.html" : null]);
pages.push(["404", (await exists("404.html")) ? "404.html" : null]);

const types = { ".html": "text/html; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
  ".jpg": "image/jpeg", ".xml": "application/xml", ".css": "text/css" };
const server = createServer(async (req, res) => {
  let path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (path.includes("..")) return res.writeHead(400).end();
  if (path.endsWith("/")) path += "index.html";
  try {
    let file = join(dir, path);
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    const body = await readFile(file);
    res.writeHead(200, { "content-type": types[extname(file)] || "text/html; charset=utf-8" });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let serious = 0;
let checked = 0;
try {
  for (const [width, height] of WIDTHS) {
    // a fresh profile for each width (playwright's contexts share nothing)
    const context = await browser.newContext({ viewport: { width, height }, locale: "vi-VN" });
    const page = await context.newPage();
    for (const [kind, path] of pages) {
      if (!path) {
        if (width === WIDTHS[0][0]) console.log(`${kind}: not in ${dir}, not checked`);
        continue;
      }
      await page.goto(base + path.split("/").map(encodeURIComponent).join("/"));
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(() => window.axe.run(document));
      checked++;
      const bad = result.violations.filter((v) => ["serious", "critical"].includes(v.impact));
      serious += bad.length;
      console.log(`${kind} (${path}) at ${width} px: ${result.passes.length} rules pass, ` +
        `${result.violations.length} violations (${bad.length} serious or critical)`);
      for (const v of result.violations) {
        console.log(`  ${v.impact}: ${v.id}: ${v.help}`);
        for (const n of v.nodes.slice(0, 3)) console.log(`    ${n.target.join(" ")}: ${n.failureSummary.replace(/\n/g, " ")}`);
      }
      if (shots && ["home", "category", "article", "tag", "search"].includes(kind)) {
        const out = join(shots, `${kind}-${width}.png`);
        await page.screenshot({ path: out });
        console.log(`  screenshot ${out}`);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`axe-core ${require("axe-core/package.json").version}: ${checked} page views, ` +
  `${serious} serious or critical violations`);
process.exit(serious > 0 ? 1 : 0);
