import { Model } from 'mongoose';

export interface AccountFilter {
  username: unknown;
  token?: unknown;
}

export async function findAccount(Accounts: Model<any>, username: unknown, token: unknown) {
  return Accounts.findOne({ username, resetToken: token }); // vuln: nosql
}

export async function findAccountSafe(Accounts: Model<any>, username: unknown, token: unknown) {
  if (typeof username !== 'string' || typeof token !== 'string') {
    throw new Error('invalid input');
  }
  return Accounts.findOne({ username, resetToken: token }); // safe: nosql
}
