const express = require('express');
const escapeHtml = require('escape-html');
const app = express();

app.get('/greet', (req, res) => {
  const name = escapeHtml(req.query.name || 'guest');
  const page = `<html><body><h1>Hello, ${name}!</h1></body></html>`;
  res.send(page);
});

app.listen(3000);
