import { execSync } from 'child_process';

export function gitRevision(): string {
  const sha = execSync('git rev-parse --short HEAD').toString().trim();
  const branch = execSync(`git rev-parse --abbrev-ref HEAD`).toString().trim();
  return `${branch}@${sha}`;
}
