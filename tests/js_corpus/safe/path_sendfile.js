const express = require('express');
const path = require('path');

const app = express();
const UPLOAD_DIR = path.join(__dirname, 'uploads');

app.get('/files/:name', (req, res) => {
  const fileName = path.basename(req.params.name);
  res.sendFile(fileName, { root: UPLOAD_DIR });
});

app.listen(3000);
