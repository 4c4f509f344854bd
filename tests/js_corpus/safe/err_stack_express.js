const express = require('express');
const app = express();

app.get('/api/invoices/:id', async (req, res) => {
  try {
    const invoice = await Invoice.findById(req.params.id);
    res.json(invoice);
  } catch (err) {
    console.error(err.stack);
    res.status(500).json({ error: 'Could not load the invoice' });
  }
});

app.listen(3000);
