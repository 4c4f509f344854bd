// cwe: CWE-95
import express from 'express';
import vm from 'node:vm';

const app = express();
app.use(express.json());

app.post('/rules/test', (req, res) => {
  const { script, input } = req.body;
  const sandbox = { input, result: null };
  vm.createContext(sandbox);
  vm.runInContext(script, sandbox, { timeout: 1000 });
  res.json({ result: sandbox.result });
});

export default app;
