const path = require('path');
const express = require('express');
const router = express.Router();

const EXPORT_DIR = path.resolve(__dirname, '../exports');

function exportFile(name) {
  const file = path.resolve(EXPORT_DIR, name);
  if (!file.startsWith(EXPORT_DIR + path.sep)) {
    throw new Error('invalid export name');
  }
  return file;
}

router.get('/exports/:file', (req, res) => {
  res.download(exportFile(req.params.file));
});

module.exports = router;
