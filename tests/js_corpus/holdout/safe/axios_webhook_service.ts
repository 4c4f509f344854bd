import axios from 'axios';
import { Router } from 'express';

const ALLOWED_WEBHOOK_HOSTS = ['hooks.slack.com', 'outlook.office.com'];

class WebhookService {
  async ping(endpoint: string) {
    const url = new URL(endpoint);
    if (url.protocol !== 'https:' || !ALLOWED_WEBHOOK_HOSTS.includes(url.hostname)) {
      throw new Error('webhook host not allowed');
    }
    const started = Date.now();
    await axios.post(url.toString(), { type: 'ping' });
    return Date.now() - started;
  }
}

const service = new WebhookService();
export const router = Router();

router.post('/integrations/test', async (req, res) => {
  const latency = await service.ping(req.body.endpoint);
  res.json({ latency });
});
