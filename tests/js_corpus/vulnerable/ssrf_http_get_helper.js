// cwe: CWE-918
const http = require('http');
const https = require('https');
const express = require('express');

const app = express();

function fetchPreview(link) {
  const client = link.startsWith('https') ? https : http;
  return new Promise((resolve, reject) => {
    client.get(link, (response) => {
      let html = '';
      response.on('data', (chunk) => { html += chunk; });
      response.on('end', () => resolve(html));
    }).on('error', reject);
  });
}

app.get('/preview', async (req, res) => {
  const html = await fetchPreview(req.query.link);
  const title = /<title>([^<]*)<\/title>/i.exec(html);
  res.json({ title: title ? title[1] : null });
});

app.listen(3000);
