import Fastify, { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

const app = Fastify();

app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
  request.log.error(error);
  reply.status(500).send({ error: 'Internal Server Error', requestId: request.id });
});

export default app;
