// cwe: CWE-89
const express = require('express');
const mysql = require('mysql');

const router = express.Router();
const connection = mysql.createConnection({ host: 'localhost', user: 'app', database: 'shop' });

router.get('/products/:id', (req, res) => {
  const { id } = req.params;
  const sql = `SELECT id, name, price FROM products WHERE id = ${id}`;
  connection.query(sql, (error, results) => {
    if (error) {
      return res.status(500).json({ error: 'Database error' });
    }
    res.json(results[0] || null);
  });
});

module.exports = router;
