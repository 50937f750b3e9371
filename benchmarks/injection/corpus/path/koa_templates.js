const Router = require('@koa/router');
const fs = require('fs');
const path = require('path');

const router = new Router();
const THEMES = path.join(__dirname, 'themes');

router.get('/themes/:theme/:file', async (ctx) => {
  const { theme, file } = ctx.params;
  const location = path.join(THEMES, theme, file);
  ctx.type = path.extname(file);
  ctx.body = fs.createReadStream(location); // vuln: path
});

router.get('/themes-safe/:theme/:file', async (ctx) => {
  const { theme, file } = ctx.params;
  const location = path.join(THEMES, path.basename(theme), path.basename(file));
  ctx.type = path.extname(file);
  ctx.body = fs.createReadStream(location); // safe: path
});

router.post('/themes/:theme', async (ctx) => {
  const css = ctx.request.body.css;
  await fs.promises.writeFile(path.join(THEMES, ctx.params.theme + '.css'), css); // vuln: path
  ctx.status = 201;
});

router.post('/themes-safe/:theme', async (ctx) => {
  const css = ctx.request.body.css;
  const name = ctx.params.theme.replace(/[^a-z0-9_-]/gi, '');
  await fs.promises.writeFile(path.join(THEMES, name + '.css'), css); // safe: path
  ctx.status = 201;
});

module.exports = router;
