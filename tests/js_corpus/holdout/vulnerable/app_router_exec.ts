// cwe: CWE-78
import { NextResponse } from 'next/server';
import { exec } from 'child_process';
import { promisify } from 'util';

const run = promisify(exec);

export async function POST(request: Request) {
  const { repoUrl } = await request.json();
  const { stdout } = await run(`git ls-remote ${repoUrl}`);
  return NextResponse.json({ refs: stdout.split('\n').filter(Boolean) });
}
