// cwe: CWE-918
const express = require('express');
const axios = require('axios');

const app = express();
app.use(express.json());

app.post('/api/webhooks/test', async (req, res) => {
  const { url } = req.body;
  try {
    const response = await axios.get(url, { timeout: 5000 });
    res.json({ status: response.status });
  } catch (err) {
    res.status(502).json({ error: 'Webhook unreachable' });
  }
});

app.listen(3000);
