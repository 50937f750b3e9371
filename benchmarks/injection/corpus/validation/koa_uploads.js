const Router = require('@koa/router');
const fs = require('fs/promises');
const path = require('path');
const yup = require('yup');

const router = new Router();
const NOTES_DIR = '/srv/notes';
const noteSchema = yup.object({ title: yup.string().max(80).required(), body: yup.string().max(10000) });

router.post('/notes/:id', async (ctx) => {
  const id = path.basename(ctx.params.id);
  await fs.writeFile(path.join(NOTES_DIR, id + '.json'), JSON.stringify(ctx.request.body)); // vuln: validation
  ctx.status = 201;
});

router.post('/v2/notes/:id', async (ctx) => {
  if (!/^[a-z0-9-]{1,36}$/.test(ctx.params.id)) ctx.throw(400, 'bad id');
  const id = ctx.params.id;
  const note = await noteSchema.validate(ctx.request.body, { stripUnknown: true });
  await fs.writeFile(path.join(NOTES_DIR, id + '.json'), JSON.stringify(note)); // safe: validation
  ctx.status = 201;
});

module.exports = router;
