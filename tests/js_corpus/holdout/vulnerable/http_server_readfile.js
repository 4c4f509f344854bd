// cwe: CWE-22
const http = require('http');
const fs = require('fs');
const url = require('url');
const path = require('path');

const server = http.createServer((req, res) => {
  const { query } = url.parse(req.url, true);
  const logFile = path.join('/var/log/app', query.name || 'app.log');
  fs.readFile(logFile, 'utf8', (err, data) => {
    if (err) {
      res.writeHead(404);
      return res.end('not found');
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(data);
  });
});

server.listen(8000);
