const Router = require('@koa/router');
const git = require('./lib/git');
const { logSince } = require('./lib/git');

const router = new Router();
const REPO = '/srv/app';

router.post('/deploy', async (ctx) => {
  const branch = ctx.request.body.branch;
  ctx.body = git.checkoutBranch(REPO, branch);
});

router.post('/deploy-safe', async (ctx) => {
  const branch = ctx.request.body.branch;
  ctx.body = git.checkoutBranchSafe(REPO, branch);
});

router.get('/deploy/log', async (ctx) => {
  ctx.body = logSince(REPO, ctx.query.since);
});

router.get('/deploy/log-safe', async (ctx) => {
  const days = parseInt(ctx.query.days, 10) || 7;
  ctx.body = logSince(REPO, `${days}.days`);
});

module.exports = router;
