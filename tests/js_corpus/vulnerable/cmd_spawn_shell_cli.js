// cwe: CWE-78
const { spawn } = require('child_process');

const branch = process.argv[2] || 'main';
const command = 'git log --oneline ' + branch + ' | head -20';

const child = spawn(command, { shell: true, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code));
