'use strict';
const { app, BrowserWindow, ipcMain, shell } = require('electron');
const fs = require('fs/promises');
const path = require('path');
const { exec, execFile } = require('child_process');

const NOTES = () => path.join(app.getPath('userData'), 'notes');

ipcMain.handle('notes:read', async (_event, name) => {
  return fs.readFile(path.join(NOTES(), name), 'utf8'); // vuln: path
});

ipcMain.handle('notes:read-safe', async (_event, name) => {
  return fs.readFile(path.join(NOTES(), path.basename(name)), 'utf8'); // safe: path
});

ipcMain.on('notes:open-in-editor', (_event, file) => {
  exec(`code "${file}"`); // vuln: command
});

ipcMain.on('notes:open-in-editor-safe', (_event, file) => {
  execFile('code', ['--', path.join(NOTES(), path.basename(file))]); // safe: command
});

ipcMain.handle('links:open', (_event, url) => shell.openExternal(url)); // vuln: command

ipcMain.handle('links:open-safe', (_event, url) => {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:') return false;
  return shell.openExternal(parsed.toString()); // safe: command
});

app.whenReady().then(() => {
  const win = new BrowserWindow({ webPreferences: { preload: path.join(__dirname, 'preload.js'), contextIsolation: true } });
  win.loadFile('index.html');
});
