'use strict';
const express = require('express');
const puppeteer = require('puppeteer');
const { chromium } = require('playwright');
const pdf = require('html-pdf');
const escapeHtml = require('escape-html');
const { allowedUrl } = require('../lib/allow');

const router = express.Router();

router.get('/screenshot', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  await page.goto(req.query.url, { waitUntil: 'networkidle0' }); // vuln: ssrf
  res.type('png').send(await page.screenshot());
  await browser.close();
});

router.get('/screenshot-safe', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  await page.goto(allowedUrl(req.query.url), { waitUntil: 'networkidle0' }); // safe: ssrf
  res.type('png').send(await page.screenshot());
  await browser.close();
});

router.post('/card', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  await page.setContent(`<html><body><h1>${req.body.title}</h1>${req.body.html}</body></html>`); // vuln: ssrf
  res.type('png').send(await page.screenshot());
  await browser.close();
});

router.post('/card-safe', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  await page.setContent(`<html><body><h1>${escapeHtml(req.body.title)}</h1><p>${escapeHtml(req.body.text)}</p></body></html>`); // safe: ssrf
  res.type('png').send(await page.screenshot());
  await browser.close();
});

router.get('/pw', async (req, res) => {
  const browser = await chromium.launch();
  const page = await browser.newPage();
  await page.goto(`http://${req.query.host}:8080/report`); // vuln: ssrf
  res.type('pdf').send(await page.pdf());
  await browser.close();
});

router.get('/pw-safe', async (req, res) => {
  const browser = await chromium.launch();
  const page = await browser.newPage();
  await page.goto(`https://reports.partner.example/report/${encodeURIComponent(req.query.id)}`); // safe: ssrf
  res.type('pdf').send(await page.pdf());
  await browser.close();
});

router.post('/invoice.pdf', (req, res) => {
  const html = `<html><body><h2>Invoice for ${req.body.customer}</h2>${req.body.notes}</body></html>`;
  pdf.create(html, { format: 'A4' }).toStream((err, stream) => (err ? res.status(500).end() : stream.pipe(res))); // vuln: ssrf
});

router.post('/invoice-safe.pdf', (req, res) => {
  const html = `<html><body><h2>Invoice for ${escapeHtml(req.body.customer)}</h2><p>${escapeHtml(req.body.notes)}</p></body></html>`;
  pdf.create(html, { format: 'A4', localUrlAccess: false }).toStream((err, stream) => (err ? res.status(500).end() : stream.pipe(res))); // safe: ssrf
});

module.exports = router;
