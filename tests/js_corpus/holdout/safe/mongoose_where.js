const express = require('express');
const Product = require('./models/product');
const router = express.Router();

router.get('/products', async (req, res) => {
  const maxPrice = Number(req.query.maxPrice);
  const filter = Number.isFinite(maxPrice) ? { price: { $lt: maxPrice } } : {};
  const products = await Product.find(filter);
  res.json(products);
});

module.exports = router;
