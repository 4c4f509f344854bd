// cwe: CWE-78
const express = require('express');
const { exec } = require('child_process');

const app = express();

app.get('/api/ping', (req, res) => {
  const host = req.query.host;
  exec(`ping -c 3 ${host}`, (error, stdout) => {
    if (error) {
      return res.status(500).send('Ping failed');
    }
    res.type('text/plain').send(stdout);
  });
});

app.listen(8080);
