'use strict';
const { execSync, execFileSync } = require('child_process');

/**
 * List the tags of a repository that match a glob.
 * @param {string} pattern glob such as "v1.*"
 * @param {{cwd?: string}} [options]
 */
function listTags(pattern, options = {}) {
  const out = execSync(`git tag --list ${pattern} --sort=-v:refname`, { cwd: options.cwd, encoding: 'utf8' }); // vuln: command
  return out.split('\n').filter(Boolean);
}

/** Same as listTags, without a shell. */
function listTagsSafe(pattern, options = {}) {
  const out = execFileSync('git', ['tag', '--list', pattern, '--sort=-v:refname'], { cwd: options.cwd, encoding: 'utf8' }); // safe: command
  return out.split('\n').filter(Boolean);
}

module.exports = { listTags, listTagsSafe };
