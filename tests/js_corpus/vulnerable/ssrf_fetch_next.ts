// cwe: CWE-918
import { NextRequest, NextResponse } from 'next/server';

export async function GET(request: NextRequest) {
  const imageUrl = request.nextUrl.searchParams.get('src');
  if (!imageUrl) {
    return NextResponse.json({ error: 'src is required' }, { status: 400 });
  }
  const upstream = await fetch(imageUrl);
  const buffer = await upstream.arrayBuffer();
  return new NextResponse(buffer, { headers: { 'Content-Type': upstream.headers.get('content-type') ?? 'image/png' } });
}
