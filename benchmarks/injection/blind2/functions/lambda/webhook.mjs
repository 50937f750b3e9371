import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';

const ddb = new DynamoDBClient({});
const CALLBACK_HOSTS = new Set(['hooks.partner-a.example', 'hooks.partner-b.example']);

export const handler = async (event) => {
  const target = event.headers['x-callback-url'];
  const res = await fetch(target, { method: 'POST', body: event.body }); // vuln: ssrf
  return { statusCode: res.status };
};

export const safeHandler = async (event) => {
  const target = new URL(event.headers['x-callback-url']);
  if (target.protocol !== 'https:' || !CALLBACK_HOSTS.has(target.hostname)) return { statusCode: 400 };
  const res = await fetch(target, { method: 'POST', body: event.body }); // safe: ssrf
  return { statusCode: res.status };
};

export const audit = async () => ({ statusCode: 200, body: JSON.stringify(await ddb.send(new ScanCommand({ TableName: 'audit' }))) });
