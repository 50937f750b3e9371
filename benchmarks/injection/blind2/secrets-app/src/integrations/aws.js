'use strict';
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');

const s3 = new S3Client({
  region: 'eu-west-1',
  credentials: {
    accessKeyId: 'AKIA4Q7ZL2MXN3BQK6TW', // vuln: secret
    secretAccessKey: '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', // vuln: secret
  },
});

const archive = new S3Client({ region: process.env.AWS_REGION }); // safe: secret

async function storeInvoice(id, pdf) {
  await s3.send(new PutObjectCommand({ Bucket: 'billing-invoices', Key: `${id}.pdf`, Body: pdf }));
}

module.exports = { storeInvoice, archive };
