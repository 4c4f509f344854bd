const express = require('express');
const axios = require('axios');

const app = express();
app.use(express.json());

const WEBHOOK_HOSTS = ['hooks.slack.com', 'discord.com'];

app.post('/api/webhooks/test', async (req, res) => {
  const { url } = req.body;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' || !WEBHOOK_HOSTS.includes(parsed.hostname)) {
    return res.status(400).json({ error: 'Webhook host not allowed' });
  }
  try {
    const response = await axios.get(parsed.toString(), { timeout: 5000 });
    res.json({ status: response.status });
  } catch (err) {
    res.status(502).json({ error: 'Webhook unreachable' });
  }
});

app.listen(3000);
