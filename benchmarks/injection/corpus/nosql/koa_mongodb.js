const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const { MongoClient } = require('mongodb');

const client = new MongoClient(process.env.MONGO_URL);
const app = new Koa();
const router = new Router();

async function collection(name) {
  await client.connect();
  return client.db('inventory').collection(name);
}

router.post('/items/query', async (ctx) => {
  const items = await collection('items');
  const { owner } = ctx.request.body;
  ctx.body = await items.find({ owner }).toArray(); // vuln: nosql
});

router.post('/items/query-safe', async (ctx) => {
  const items = await collection('items');
  const owner = String(ctx.request.body.owner);
  ctx.body = await items.find({ owner }).toArray(); // safe: nosql
});

router.put('/items/:sku', async (ctx) => {
  const items = await collection('items');
  const update = ctx.request.body;
  await items.updateOne({ sku: ctx.params.sku }, update); // vuln: nosql
  ctx.status = 204;
});

router.put('/items-safe/:sku', async (ctx) => {
  const items = await collection('items');
  const qty = Number(ctx.request.body.quantity);
  await items.updateOne({ sku: ctx.params.sku }, { $set: { quantity: qty } }); // safe: nosql
  ctx.status = 204;
});

router.get('/items/price-check', async (ctx) => {
  const items = await collection('items');
  const expr = ctx.query.expr;
  ctx.body = await items.find({ $where: 'this.price ' + expr }).toArray(); // vuln: nosql
});

router.get('/items/price-check-safe', async (ctx) => {
  const items = await collection('items');
  const max = parseFloat(ctx.query.max);
  ctx.body = await items.find({ price: { $lte: max } }).toArray(); // safe: nosql
});

app.use(bodyParser());
app.use(router.routes());
module.exports = app;
