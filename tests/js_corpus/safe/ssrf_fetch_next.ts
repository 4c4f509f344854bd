import { NextRequest, NextResponse } from 'next/server';

const IMAGE_CDN = 'https://images.example-cdn.com';

export async function GET(request: NextRequest) {
  const imageId = request.nextUrl.searchParams.get('id');
  if (!imageId) {
    return NextResponse.json({ error: 'id is required' }, { status: 400 });
  }
  const upstream = await fetch(`${IMAGE_CDN}/originals/${encodeURIComponent(imageId)}`);
  const buffer = await upstream.arrayBuffer();
  return new NextResponse(buffer, { headers: { 'Content-Type': upstream.headers.get('content-type') ?? 'image/png' } });
}
