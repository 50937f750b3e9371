'use strict';
const crypto = require('crypto');

const KEY = Buffer.from(process.env.VAULT_KEY || '', 'hex');
const STATIC_IV = Buffer.from('a1b2c3d4e5f60718293a4b5c6d7e8f90', 'hex');

function encryptLegacy(text) {
  const cipher = crypto.createCipher('aes-256-cbc', process.env.VAULT_PASSPHRASE); // vuln: crypto
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function encryptCardToken(token) {
  const cipher = crypto.createCipheriv('aes-256-ecb', KEY, null); // vuln: crypto
  return Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]).toString('base64');
}

function encryptNote(note) {
  const cipher = crypto.createCipheriv('aes-256-cbc', KEY, STATIC_IV); // vuln: crypto
  return Buffer.concat([cipher.update(note, 'utf8'), cipher.final()]).toString('base64');
}

function encryptIban(iban) {
  const iv = Buffer.alloc(16, 0);
  const cipher = crypto.createCipheriv('aes-128-cbc', KEY.subarray(0, 16), iv); // vuln: crypto
  return Buffer.concat([cipher.update(iban, 'utf8'), cipher.final()]).toString('hex');
}

function encrypt(plain) {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', KEY, iv); // safe: crypto
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
}

function decrypt(blob) {
  const raw = Buffer.from(blob, 'base64');
  const decipher = crypto.createDecipheriv('aes-256-gcm', KEY, raw.subarray(0, 12)); // safe: crypto
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

function encryptCbc(plain) {
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv('aes-256-cbc', KEY, iv); // safe: crypto
  return iv.toString('hex') + ':' + Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('hex');
}

function fingerprint(data) {
  return crypto.createHash('sha256').update(data).digest('hex'); // safe: crypto
}

module.exports = { encryptLegacy, encryptCardToken, encryptNote, encryptIban, encrypt, decrypt, encryptCbc, fingerprint };
