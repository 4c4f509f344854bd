// cwe: CWE-22
const express = require('express');
const path = require('path');

const app = express();
const UPLOAD_DIR = path.join(__dirname, 'uploads');

app.get('/files/:name', (req, res) => {
  const filePath = path.join(UPLOAD_DIR, req.params.name);
  res.sendFile(filePath);
});

app.listen(3000);
