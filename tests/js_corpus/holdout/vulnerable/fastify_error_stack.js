// cwe: CWE-209
const fastify = require('fastify')();

fastify.get('/reports/:id', async (request, reply) => {
  try {
    return await buildReport(request.params.id);
  } catch (e) {
    reply.code(500);
    return { error: 'Report failed', trace: e.stack };
  }
});

module.exports = fastify;
