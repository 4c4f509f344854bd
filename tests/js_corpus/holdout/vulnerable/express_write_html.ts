// cwe: CWE-79
import express from 'express';

const app = express();

app.get('/search', (req, res) => {
  const q = String(req.query.q ?? '');
  res.setHeader('Content-Type', 'text/html');
  res.write('<h1>Search</h1>');
  res.write('<p>You searched for: ' + q + '</p>');
  res.end();
});

export default app;
