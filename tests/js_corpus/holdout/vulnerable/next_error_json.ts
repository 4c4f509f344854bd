// cwe: CWE-209
import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';

export async function GET() {
  try {
    const orders = await prisma.order.findMany({ take: 50 });
    return NextResponse.json(orders);
  } catch (error: any) {
    return NextResponse.json({ message: error.message, stack: error.stack }, { status: 500 });
  }
}
