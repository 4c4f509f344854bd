// cwe: CWE-89
const db = require('../db');

module.exports = {
  async getUserPosts(req, res, next) {
    try {
      const userId = req.params.userId;
      const limit = req.query.limit || 20;
      const posts = await db.query(
        'SELECT * FROM posts WHERE author_id = ' + userId + ' ORDER BY created_at DESC LIMIT ' + limit
      );
      res.json(posts.rows);
    } catch (err) {
      next(err);
    }
  },
};
