import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';

export async function GET() {
  try {
    const orders = await prisma.order.findMany({ take: 50 });
    return NextResponse.json(orders);
  } catch (error: any) {
    console.error('orders query failed', error);
    return NextResponse.json({ message: 'Could not load orders' }, { status: 500 });
  }
}
