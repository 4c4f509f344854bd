const https = require('https');
const express = require('express');

const app = express();
const PREVIEW_HOSTS = ['www.youtube.com', 'vimeo.com'];

function fetchPreview(link) {
  return new Promise((resolve, reject) => {
    https.get(link, (response) => {
      let html = '';
      response.on('data', (chunk) => { html += chunk; });
      response.on('end', () => resolve(html));
    }).on('error', reject);
  });
}

app.get('/preview', async (req, res) => {
  const url = new URL(req.query.link);
  if (url.protocol !== 'https:' || !PREVIEW_HOSTS.includes(url.hostname)) {
    return res.status(400).json({ error: 'unsupported link' });
  }
  const html = await fetchPreview(url.href);
  const title = /<title>([^<]*)<\/title>/i.exec(html);
  res.json({ title: title ? title[1] : null });
});

app.listen(3000);
