// Loads a nodeward HTML report in Debian's headless Chromium and prints what a person would see, as JSON.
// Usage: node check_report.mjs REPORT.html SCREENSHOT.png
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [reportPath, screenshotPath] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const result = { consoleErrors: [], pageErrors: [], dialogs: [], requests: [] };
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('console', (msg) => { if (msg.type() === 'error') result.consoleErrors.push(msg.text()); });
  page.on('pageerror', (err) => result.pageErrors.push(String(err)));
  page.on('dialog', async (d) => { result.dialogs.push(d.message()); await d.dismiss(); });
  page.on('request', (req) => result.requests.push(req.url()));
  await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load' });

  result.title = await page.title();
  result.tiles = await page.$$eval('#scorecard .tile', (els) => els.map((e) => ({
    practice: Number(e.dataset.practice), status: e.dataset.status, text: e.innerText.replace(/\s+/g, ' ').trim() })));
  const visible = () => page.$$eval('main > section.practice article.finding', (els) =>
    els.filter((e) => e.offsetParent !== null).map((e) => ({ severity: e.dataset.severity, practice: e.dataset.practice })));
  result.visibleBefore = await visible();
  result.pwned = await page.evaluate(() => typeof window.__nodeward_pwned !== 'undefined');

  // Click the "high" severity filter: high findings must disappear, the rest stay.
  await page.click('button.sev-filter[data-severity="high"]');
  result.visibleAfterHighClick = await visible();
  await page.click('button.sev-filter[data-severity="high"]');
  // Practice filter.
  await page.selectOption('#practice-filter', '12');
  result.visibleAfterPractice12 = await visible();
  await page.selectOption('#practice-filter', 'all');

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshotPath, fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  result.phoneOverflow = await page.evaluate(() => {
    const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1);
    return document.documentElement.scrollWidth > window.innerWidth + 1
      ? wide.slice(0, 5).map((e) => e.tagName + '.' + e.className) : false;
  });
  await page.screenshot({ path: screenshotPath.replace(/\.png$/, '-phone.png'), fullPage: false });
  // Printed: filters hidden, every finding (even filtered or collapsed) on paper.
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.click('button.sev-filter[data-severity="high"]');
  await page.emulateMedia({ media: 'print' });
  result.print = await page.evaluate(() => ({
    filtersHidden: getComputedStyle(document.querySelector('.filters')).display === 'none',
    findingsShown: [...document.querySelectorAll('article.finding')].filter((e) => getComputedStyle(e).display !== 'none').length,
    findingsTotal: document.querySelectorAll('article.finding').length,
  }));
  await page.pdf({ path: screenshotPath.replace(/\.png$/, '.pdf'), format: 'A4' });
  result.pwned = result.pwned || await page.evaluate(() => typeof window.__nodeward_pwned !== 'undefined');
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(result));
