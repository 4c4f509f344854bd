const express = require('express');
const app = express();

app.use('/api', require('./routes'));

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  console.error(err);
  const status = err.status || 500;
  res.status(status).json({ error: status === 500 ? 'Internal server error' : 'Request failed' });
});

module.exports = app;
