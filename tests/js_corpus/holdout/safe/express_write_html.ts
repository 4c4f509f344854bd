import express from 'express';
import escapeHtml from 'escape-html';

const app = express();

app.get('/search', (req, res) => {
  const q = String(req.query.q ?? '');
  res.setHeader('Content-Type', 'text/html');
  res.write('<h1>Search</h1>');
  res.write('<p>You searched for: ' + escapeHtml(q) + '</p>');
  res.end();
});

export default app;
