const fastify = require('fastify')();

fastify.get('/reports/:id', async (request, reply) => {
  try {
    return await buildReport(request.params.id);
  } catch (e) {
    request.log.error({ err: e }, 'report failed');
    reply.code(500);
    return { error: 'Report failed' };
  }
});

module.exports = fastify;
