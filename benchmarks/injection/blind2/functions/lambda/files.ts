import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const ASSETS = '/opt/assets';

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const name = event.pathParameters?.name ?? 'index.html';
  const body = await readFile(path.join(ASSETS, name), 'utf8'); // vuln: path
  return { statusCode: 200, body };
};

export const safeHandler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const name = path.basename(event.pathParameters?.name ?? 'index.html');
  const body = await readFile(path.join(ASSETS, name), 'utf8'); // safe: path
  return { statusCode: 200, body };
};
