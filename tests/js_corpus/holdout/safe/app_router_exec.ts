import { NextResponse } from 'next/server';
import { execFile } from 'child_process';
import { promisify } from 'util';

const run = promisify(execFile);

export async function POST(request: Request) {
  const { repoUrl } = await request.json();
  if (typeof repoUrl !== 'string' || !/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+(\.git)?$/.test(repoUrl)) {
    return NextResponse.json({ error: 'invalid repository' }, { status: 400 });
  }
  const { stdout } = await run('git', ['ls-remote', repoUrl]);
  return NextResponse.json({ refs: stdout.split('\n').filter(Boolean) });
}
