// cwe: CWE-209
const express = require('express');
const app = express();

app.use('/api', require('./routes'));

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  const status = err.status || 500;
  res.status(status).send(err.message);
});

module.exports = app;
