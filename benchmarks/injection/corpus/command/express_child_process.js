const express = require('express');
const { exec, execSync, execFile, spawn } = require('child_process');
const util = require('util');

const execAsync = util.promisify(exec);
const app = express();

app.get('/tools/ping', (req, res) => {
  const host = req.query.host;
  exec(`ping -c 3 ${host}`, (err, stdout) => { // vuln: command
    if (err) return res.status(500).send('ping failed');
    res.type('text/plain').send(stdout);
  });
});

app.get('/tools/ping-safe', (req, res) => {
  const host = req.query.host;
  execFile('ping', ['-c', '3', host], (err, stdout) => { // safe: command
    if (err) return res.status(500).send('ping failed');
    res.type('text/plain').send(stdout);
  });
});

app.post('/tools/archive', express.json(), (req, res) => {
  const dir = req.body.directory;
  const output = execSync('tar czf /tmp/export.tgz ' + dir); // vuln: command
  res.json({ size: output.length });
});

app.post('/tools/archive-safe', express.json(), (req, res) => {
  const dir = req.body.directory;
  const child = spawn('tar', ['czf', '/tmp/export.tgz', '--', dir]); // safe: command
  child.on('close', (code) => res.json({ code }));
});

app.post('/tools/convert', express.json(), (req, res) => {
  const { input, format } = req.body;
  const child = spawn('convert', [input, `out.${format}`], { shell: true }); // vuln: command
  child.on('close', (code) => res.json({ code }));
});

app.get('/tools/dns', async (req, res) => {
  const { stdout } = await execAsync(`dig +short ${req.query.name}`); // vuln: command
  res.send(stdout);
});

app.get('/tools/uptime', async (req, res) => {
  const { stdout } = await execAsync('uptime'); // safe: command
  res.send(stdout);
});

module.exports = app;
