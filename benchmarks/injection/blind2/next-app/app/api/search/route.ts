import { NextRequest, NextResponse } from 'next/server';
import { MongoClient } from 'mongodb';

const client = new MongoClient(process.env.MONGO_URL!);

export async function GET(request: NextRequest) {
  const q = request.nextUrl.searchParams.get('q') ?? '';
  const filter = { title: { $regex: q, $options: 'i' } };
  const docs = await client.db('docs').collection('pages').find(filter).limit(20).toArray(); // vuln: nosql
  return NextResponse.json(docs);
}

function escapeRegex(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function POST(request: NextRequest) {
  const { q } = await request.json();
  const filter = { title: { $regex: escapeRegex(String(q)), $options: 'i' } };
  const docs = await client.db('docs').collection('pages').find(filter).limit(20).toArray(); // safe: nosql
  return NextResponse.json(docs);
}
