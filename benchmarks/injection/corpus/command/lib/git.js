const cp = require('child_process');

function checkoutBranch(repoDir, branch) {
  return cp.execSync(`git -C ${repoDir} checkout ${branch}`, { encoding: 'utf8' }); // vuln: command
}

function checkoutBranchSafe(repoDir, branch) {
  return cp.execFileSync('git', ['-C', repoDir, 'checkout', '--', branch], { encoding: 'utf8' }); // safe: command
}

function logSince(repoDir, since) {
  const cmd = ['git', '-C', repoDir, 'log', '--since=' + since].join(' ');
  return cp.execSync(cmd).toString(); // vuln: command
}

module.exports = { checkoutBranch, checkoutBranchSafe, logSince };
