// cwe: CWE-22
const path = require('path');
const express = require('express');
const router = express.Router();

const EXPORT_DIR = path.resolve(__dirname, '../exports');

function exportFile(name) {
  return path.join(EXPORT_DIR, name);
}

router.get('/exports/:file', (req, res) => {
  res.download(exportFile(req.params.file));
});

module.exports = router;
