// Prints, as JSON, what the real libraries do for the inputs on stdin: the facts practices 6 and 13 rely on.
const bytes = require('bytes');
const { formidable } = require('formidable'); // 3.x CommonJS: the factory is a named export
const bcryptjs = require('bcryptjs');
const jwt = require('jsonwebtoken');

const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const parsed = input.sizes.map((v) => {
  const r = bytes.parse(v === 'Infinity' ? Infinity : v);
  return r === Infinity ? 'Infinity' : r;
});

const unsigned = jwt.sign({ role: 'admin' }, null, { algorithm: 'none' });
const verify = (options) => {
  try {
    jwt.verify(unsigned, undefined, options);
    return 'accepted';
  } catch (err) {
    return err.message;
  }
};

process.stdout.write(
  JSON.stringify({
    parsed,
    formidableMaxFileSize: formidable({}).options.maxFileSize,
    formidableMaxFiles: String(formidable({}).options.maxFiles),
    bcryptjsDefaultSalt: bcryptjs.genSaltSync().slice(0, 7),
    bcryptjsLowSalt: bcryptjs.genSaltSync(2).slice(0, 7),
    unsignedWithoutAlgorithms: verify({}),
    unsignedWithNone: verify({ algorithms: ['none'] }),
  }),
);
