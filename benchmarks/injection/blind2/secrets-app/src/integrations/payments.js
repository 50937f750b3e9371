'use strict';
const Stripe = require('stripe');
const { WebClient } = require('@slack/web-api');

const stripe = Stripe('sk_live_51Mz2QpK8vL3nR7tX9wB4cY6dF1gH0jA2sD5fG8hJ3kL6zX9cV2bN4mQ7wE1rT3yU'); // vuln: secret
const slack = new WebClient('xoxb-2817364519-5529817364012-Hk3Lm9Qp2Rt7Vx4Zb8Nc1Wd6'); // vuln: secret
const ALERT_HOOK = 'https://hooks.slack.com/services/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'; // vuln: secret
const ops = new WebClient(process.env.SLACK_BOT_TOKEN); // safe: secret

async function charge(customer, amount) {
  const intent = await stripe.paymentIntents.create({ customer, amount, currency: 'eur' });
  await slack.chat.postMessage({ channel: '#billing', text: `charged ${amount}` });
  await fetch(ALERT_HOOK, { method: 'POST', body: JSON.stringify({ text: 'charge ok' }) });
  return intent;
}

module.exports = { charge, ops };
