import express from 'express';
import vm from 'node:vm';

const app = express();
app.use(express.json());

const RULE_SCRIPT = new vm.Script('result = input.total > 100 ? "review" : "ok"');

app.post('/rules/test', (req, res) => {
  const { input } = req.body;
  const sandbox = { input, result: null };
  vm.createContext(sandbox);
  RULE_SCRIPT.runInContext(sandbox, { timeout: 1000 });
  res.json({ result: sandbox.result });
});

export default app;
