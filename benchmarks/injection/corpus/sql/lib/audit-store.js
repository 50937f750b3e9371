const sqlite3 = require('sqlite3');

const db = new sqlite3.Database('audit.db');

function recordEvent(actor, action) {
  db.run(`INSERT INTO audit (actor, action) VALUES ('${actor}', '${action}')`); // vuln: sql
}

function recordEventSafe(actor, action) {
  db.run('INSERT INTO audit (actor, action) VALUES (?, ?)', [actor, action]); // safe: sql
}

function eventsFor(actor, cb) {
  db.all('SELECT * FROM audit WHERE actor = "' + actor + '"', cb); // vuln: sql
}

function eventsForSafe(actor, cb) {
  db.all('SELECT * FROM audit WHERE actor = ?', actor, cb); // safe: sql
}

module.exports = { recordEvent, recordEventSafe, eventsFor, eventsForSafe };
