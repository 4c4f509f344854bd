const http = require('http');
const fs = require('fs');
const url = require('url');
const path = require('path');

const LOG_DIR = '/var/log/app';
const LOG_FILES = new Set(['app.log', 'error.log', 'access.log']);

const server = http.createServer((req, res) => {
  const { query } = url.parse(req.url, true);
  const name = query.name || 'app.log';
  if (!LOG_FILES.has(name)) {
    res.writeHead(400);
    return res.end('unknown log');
  }
  fs.readFile(path.join(LOG_DIR, name), 'utf8', (err, data) => {
    if (err) {
      res.writeHead(404);
      return res.end('not found');
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(data);
  });
});

server.listen(8000);
