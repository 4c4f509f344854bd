const db = require('../db');

module.exports = {
  async getUserPosts(req, res, next) {
    try {
      const userId = req.params.userId;
      const limit = Math.min(parseInt(req.query.limit, 10) || 20, 100);
      const posts = await db.query(
        'SELECT * FROM posts WHERE author_id = $1 ORDER BY created_at DESC LIMIT $2',
        [userId, limit]
      );
      res.json(posts.rows);
    } catch (err) {
      next(err);
    }
  },
};
