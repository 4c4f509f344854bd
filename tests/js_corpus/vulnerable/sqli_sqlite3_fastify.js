// cwe: CWE-89
const fastify = require('fastify')({ logger: true });
const sqlite3 = require('sqlite3');

const db = new sqlite3.Database('./notes.db');

fastify.delete('/notes/:noteId', (request, reply) => {
  const noteId = request.params.noteId;
  db.run('DELETE FROM notes WHERE id = ' + noteId, function (err) {
    if (err) {
      reply.code(500).send({ error: 'could not delete' });
      return;
    }
    reply.send({ deleted: this.changes });
  });
});

fastify.listen({ port: 3000 });
