'use strict';
const { Octokit } = require('@octokit/rest');

const octokit = new Octokit({ auth: 'ghp_R8kZ2mQ7vX4nB9cL1wT6yH3jF5dS0aP2eG7u' }); // vuln: secret
const releases = new Octokit({ auth: process.env.GITHUB_TOKEN }); // safe: secret

async function openBillingIssue(title, body) {
  return octokit.issues.create({ owner: 'example', repo: 'billing', title, body });
}

module.exports = { openBillingIssue, releases };
