// cwe: CWE-918
import axios from 'axios';
import { Router } from 'express';

class WebhookService {
  async ping(endpoint: string) {
    const started = Date.now();
    await axios.post(endpoint, { type: 'ping' });
    return Date.now() - started;
  }
}

const service = new WebhookService();
export const router = Router();

router.post('/integrations/test', async (req, res) => {
  const latency = await service.ping(req.body.endpoint);
  res.json({ latency });
});
