const express = require('express');
const { execFile } = require('child_process');
const net = require('net');

const app = express();

app.get('/api/ping', (req, res) => {
  const host = req.query.host;
  if (!net.isIP(host) && !/^[a-z0-9.-]+$/i.test(host)) {
    return res.status(400).send('Invalid host');
  }
  execFile('ping', ['-c', '3', host], (error, stdout) => {
    if (error) {
      return res.status(500).send('Ping failed');
    }
    res.type('text/plain').send(stdout);
  });
});

app.listen(8080);
