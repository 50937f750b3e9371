const Router = require('@koa/router');
const { spawn, execSync } = require('child_process');
const { quote } = require('shell-quote');

const router = new Router();

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args);
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
  });
}

router.get('/repos/:repo/log', async (ctx) => {
  const branch = ctx.query.branch || 'main';
  ctx.body = await new Promise((resolve) => {
    const child = spawn('sh', ['-c', `git -C /srv/repos/${ctx.params.repo} log --oneline ${branch}`]); // vuln: command
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', () => resolve(out));
  });
});

router.get('/v2/repos/:repo/log', async (ctx) => {
  const branch = ctx.query.branch || 'main';
  ctx.body = await run('git', ['-C', `/srv/repos/${ctx.params.repo}`, 'log', '--oneline', '--end-of-options', branch]); // safe: command
});

router.get('/diagnostics/ping', (ctx) => {
  ctx.body = execSync(`ping -c 1 -W 2 ${ctx.query.host}`, { timeout: 5000 }).toString(); // vuln: command
});

router.get('/v2/diagnostics/ping', (ctx) => {
  ctx.body = execSync(`ping -c 1 -W 2 ${quote([ctx.query.host])}`, { timeout: 5000 }).toString(); // safe: command
});

module.exports = router;
