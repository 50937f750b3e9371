import Koa from 'koa';
import bodyParser from 'koa-bodyparser';
import libxmljs from 'libxmljs2';

const PARSE_OPTIONS = { noblanks: true, noent: true, nocdata: true };
const SAFE_PARSE_OPTIONS = { noblanks: true, noent: false, nonet: true, dtdload: false };

const app = new Koa();
app.use(bodyParser({ enableTypes: ['xml', 'text'], extendTypes: { text: ['text/xml', 'application/soap+xml'] } }));

app.use(async (ctx) => {
  const xml = (ctx.request as any).body as string;
  if (ctx.path === '/soap/v1') {
    const doc = libxmljs.parseXml(xml, PARSE_OPTIONS); // vuln: xxe
    ctx.body = { action: doc.get('//*[local-name()="Action"]')?.text() };
  } else if (ctx.path === '/soap/v2') {
    const doc = libxmljs.parseXml(xml, SAFE_PARSE_OPTIONS); // safe: xxe
    ctx.body = { action: doc.get('//*[local-name()="Action"]')?.text() };
  } else if (ctx.path === '/soap/v0') {
    const doc = libxmljs.parseXmlString(xml, { dtdload: true, dtdvalid: true, noent: true }); // vuln: xxe
    ctx.body = { valid: doc.validationErrors.length === 0 };
  }
});

app.listen(3401);
