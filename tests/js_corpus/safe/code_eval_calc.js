const express = require('express');
const { evaluate } = require('mathjs');
const app = express();
app.use(express.json());

app.post('/calculate', (req, res) => {
  const expression = req.body.expression;
  try {
    const result = evaluate(expression);
    res.json({ result });
  } catch (e) {
    res.status(400).json({ error: 'Invalid expression' });
  }
});

app.listen(3000);
