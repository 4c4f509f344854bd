const { spawn } = require('child_process');

const branch = process.argv[2] || 'main';

const child = spawn('git', ['log', '--oneline', '-n', '20', branch], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code));
