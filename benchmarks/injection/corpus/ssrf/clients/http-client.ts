import axios from 'axios';

const BASE = 'https://billing.internal.example';

export async function fetchJson(url: string) {
  const { data } = await axios({ method: 'get', url }); // vuln: ssrf
  return data;
}

export async function fetchInvoice(invoiceId: string) {
  const { data } = await axios.get(`${BASE}/invoices/${encodeURIComponent(invoiceId)}`); // safe: ssrf
  return data;
}
