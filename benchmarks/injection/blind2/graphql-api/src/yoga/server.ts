import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

const PREVIEW_HOSTS = new Set(['cdn.example.com', 'images.example.com']);

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    type Preview { status: Int!, contentType: String }
    type Query {
      preview(url: String!): Preview
      previewSafe(url: String!): Preview
    }
  `,
  resolvers: {
    Query: {
      preview: async (_: unknown, { url }: { url: string }) => {
        const response = await fetch(url, { method: 'HEAD' }); // vuln: ssrf
        return { status: response.status, contentType: response.headers.get('content-type') };
      },
      previewSafe: async (_: unknown, { url }: { url: string }) => {
        const target = new URL(url);
        if (target.protocol !== 'https:' || !PREVIEW_HOSTS.has(target.hostname)) {
          throw new Error('host not allowed');
        }
        const response = await fetch(target, { method: 'HEAD' }); // safe: ssrf
        return { status: response.status, contentType: response.headers.get('content-type') };
      },
    },
  },
});

const yoga = createYoga({ schema });
createServer(yoga).listen(4002);
