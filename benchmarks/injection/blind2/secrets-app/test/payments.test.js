'use strict';
const test = require('node:test');
const assert = require('node:assert');
const Stripe = require('stripe');
const { S3Client } = require('@aws-sdk/client-s3');

const stripe = Stripe('sk_test_51Mz2QpK8vL3nR7tX9wB4cY6dF1gH0jA2sD5fG8hJ3kL6zX9cV2bN4mQ7wE1rT3yU'); // safe: secret

const s3 = new S3Client({
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:4566',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, // safe: secret
});

test('stripe client is configured in test mode', () => {
  assert.ok(stripe);
  assert.ok(s3);
});
