// cwe: CWE-943
const express = require('express');
const Product = require('./models/product');
const router = express.Router();

router.get('/products', async (req, res) => {
  const products = await Product.find({ $where: `this.price < ${req.query.maxPrice}` });
  res.json(products);
});

module.exports = router;
